package dev.pyroscopestarter.autoconfigure;

import java.time.Duration;

import dev.pyroscopestarter.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.labels.CardinalityGuard;
import dev.pyroscopestarter.labels.LabelRules;
import dev.pyroscopestarter.labels.LabelStack;
import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfilingLabels;
import dev.pyroscopestarter.labels.annotation.ProfileTagAdvisor;
import dev.pyroscopestarter.labels.annotation.ProfileTagInterceptor;
import dev.pyroscopestarter.labels.propagation.LabelsTaskDecorator;
import dev.pyroscopestarter.labels.propagation.LabelsThreadLocalAccessor;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import io.micrometer.context.ContextRegistry;
import io.pyroscope.labels.v2.ScopedContext;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Dynamic labels: the {@link ProfilingLabels} API, the {@link ProfileTag} aspect, labels following work to other
 * threads, and the cardinality guard they share. The API stays available when profiling is off (it then only runs
 * the work); the aspect and the propagation need {@code pyroscope.enabled}.
 */
@AutoConfiguration(after = PyroscopeAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(ScopedContext.class)
@EnableConfigurationProperties(PyroscopeTagsProperties.class)
public final class PyroscopeLabelsAutoConfiguration {

	// The beans the aspect needs are created while bean post-processors are set up: static, infrastructure, and
	// reading their settings from the Environment rather than from other beans.

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static CardinalityGuard pyroscopeCardinalityGuard(Environment environment) {
		PyroscopeTagsProperties.Cardinality cardinality = tags(environment).getCardinality();
		if (cardinality.getMaxValuesPerKey() < 1) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.tags.cardinality.max-values-per-key",
					"'" + cardinality.getMaxValuesPerKey() + "' is not a positive number",
					"Set it to 1 or more; values beyond it are sent as the overflow value.");
		}
		if (new LabelRules(null, Integer.MAX_VALUE).fixedValue(cardinality.getOverflowValue()) == null) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.tags.cardinality.overflow-value",
					"the overflow value is blank", "Set a value such as '_overflow_'.");
		}
		Duration uploadInterval = Binder.get(environment).bind("pyroscope.upload-interval", Duration.class)
			.orElse(Duration.ofSeconds(10));
		return new CardinalityGuard(cardinality.getMaxValuesPerKey(), cardinality.getOverflowValue().strip(),
				uploadInterval);
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LabelRules pyroscopeLabelRules(CardinalityGuard guard, Environment environment) {
		PyroscopeTagsProperties tags = tags(environment);
		if (tags.getMaxValueLength() < 1) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.tags.max-value-length",
					"'" + tags.getMaxValueLength() + "' is not a positive number", "Set it to 1 or more, for example 128.");
		}
		LabelStack.setVirtualThreadMode(tags.getVirtualThreads());
		return new LabelRules(guard, tags.getMaxValueLength());
	}

	@Bean
	@ConditionalOnMissingBean
	ProfilingLabels profilingLabels(LabelRules rules) {
		return new ProfilingLabels(rules);
	}

	/** Upload windows end the guard's windows, when the starter runs the profiler. */
	@Bean
	static SmartInitializingSingleton pyroscopeCardinalityWindows(ObjectProvider<PyroscopeProfiler> profiler,
			ObjectProvider<CardinalityGuard> guard) {
		return () -> profiler.ifAvailable((p) -> guard.ifAvailable((g) -> p.addWindowListener(g::startNewWindow)));
	}

	private static PyroscopeTagsProperties tags(Environment environment) {
		return Binder.get(environment).bind("pyroscope.tags", PyroscopeTagsProperties.class)
			.orElseGet(PyroscopeTagsProperties::new);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Advisor.class)
	@ConditionalOnBooleanProperty(name = "pyroscope.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "pyroscope.tags.annotation.enabled", matchIfMissing = true)
	static class ProfileTagConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static ProfileTagAdvisor profileTagAdvisor(LabelRules rules) {
			return new ProfileTagAdvisor(new ProfileTagInterceptor(rules));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "pyroscope.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "pyroscope.tags.propagation.enabled", matchIfMissing = true)
	static class PropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LabelsTaskDecorator pyroscopeLabelsTaskDecorator() {
			return new LabelsTaskDecorator();
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ContextRegistry.class)
		static class ContextPropagationConfiguration {

			@Bean
			ThreadLocalAccessorRegistration pyroscopeLabelsThreadLocalAccessor() {
				return new ThreadLocalAccessorRegistration();
			}

		}

	}

	/** Registers the labels' {@code ThreadLocalAccessor} with Micrometer's global registry while the context runs. */
	static final class ThreadLocalAccessorRegistration implements InitializingBean, DisposableBean {

		@Override
		public void afterPropertiesSet() {
			ContextRegistry.getInstance().registerThreadLocalAccessor(new LabelsThreadLocalAccessor());
		}

		@Override
		public void destroy() {
			ContextRegistry.getInstance().removeThreadLocalAccessor(LabelsThreadLocalAccessor.KEY);
		}

	}

}

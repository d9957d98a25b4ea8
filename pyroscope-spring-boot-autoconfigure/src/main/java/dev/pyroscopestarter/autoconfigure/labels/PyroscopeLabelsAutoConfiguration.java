package dev.pyroscopestarter.autoconfigure.labels;

import java.time.Duration;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooksInstaller;
import dev.pyroscopestarter.internal.labels.annotation.ProfileTagAdvisor;
import dev.pyroscopestarter.internal.labels.annotation.ProfileTagInterceptor;
import dev.pyroscopestarter.internal.labels.propagation.LabelsTaskDecorator;
import dev.pyroscopestarter.internal.labels.propagation.LabelsThreadLocalAccessor;
import dev.pyroscopestarter.internal.labels.reactor.DefaultReactiveLabels;
import dev.pyroscopestarter.internal.labels.reactor.LabelsScheduleHook;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfilingLabels;
import dev.pyroscopestarter.labels.reactor.ReactiveLabels;
import io.micrometer.context.ContextRegistry;

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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Dynamic labels: the {@link ProfilingLabels} API (and {@link ReactiveLabels} with Reactor), the {@link ProfileTag}
 * aspect, labels following work to other threads and along Reactor chains, and the label stack and cardinality
 * guard they share. The API stays available when profiling is off (it
 * then only runs the work); the aspect and the propagation need profiling on.
 */
@AutoConfiguration(after = PyroscopeAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass(name = ConditionalOnProfiling.AGENT_CLASS)
@EnableConfigurationProperties(PyroscopeDynamicLabelsProperties.class)
public final class PyroscopeLabelsAutoConfiguration {

	// The beans the aspect needs are created while bean post-processors are set up: static, infrastructure, and
	// built from settings bound from the Environment rather than from other beans.

	/** The checked label settings; not overridable, so that no label bean is built from unchecked ones. */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LabelSettings pyroscopeLabelSettings(Environment environment) {
		return LabelSettings.of(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static CardinalityGuard pyroscopeCardinalityGuard(LabelSettings settings) {
		return new CardinalityGuard(settings.maxValuesPerKey(), settings.overflowValue(),
				settings.cardinalityWindow());
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LabelRules pyroscopeLabelRules(CardinalityGuard guard, LabelSettings settings) {
		return new LabelRules(guard, settings.maxValueLength());
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LabelStack pyroscopeLabelStack(LabelSettings settings, VirtualThreadHooks hooks) {
		return new LabelStack(new NativeContexts(), settings.virtualThreadMode(), hooks);
	}

	/**
	 * The hooks that make labels and spans follow virtual threads. One per JVM, as what they instrument is
	 * ({@code java.lang.VirtualThread}); a bean so that what uses them is given them.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static VirtualThreadHooks pyroscopeVirtualThreadHooks() {
		return VirtualThreadHooks.shared();
	}

	@Bean
	@ConditionalOnMissingBean
	ProfilingLabels profilingLabels(LabelStack stack, LabelRules rules) {
		return new DefaultProfilingLabels(stack, rules);
	}

	/** Upload windows end the guard's windows, when the starter runs the profiler. */
	@Bean
	static SmartInitializingSingleton pyroscopeCardinalityWindows(ObjectProvider<PyroscopeProfiler> profiler,
			ObjectProvider<CardinalityGuard> guard) {
		return () -> profiler.ifAvailable((p) -> guard.ifAvailable((g) -> p.addWindowListener(g::startNewWindow)));
	}


	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Advisor.class)
	@ConditionalOnProfiling
	@ConditionalOnBooleanProperty(name = PyroscopeDynamicLabelsProperties.PREFIX + ".annotation.enabled",
			matchIfMissing = true)
	static class ProfileTagConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static ProfileTagAdvisor profileTagAdvisor(LabelStack stack, LabelRules rules,
				ObjectProvider<DefaultReactiveLabels> reactiveLabels) {
			// Publisher-returning methods are labelled through the starter's reactive labels, with Reactor present.
			DefaultReactiveLabels reactive = reactiveLabels.getIfAvailable(() -> ClassUtils
				.isPresent("reactor.core.publisher.Mono", ProfileTagConfiguration.class.getClassLoader())
						? new DefaultReactiveLabels(stack, rules) : null);
			return new ProfileTagAdvisor(new ProfileTagInterceptor(stack, rules, reactive));
		}

	}

	/** The reactive counterpart of the API; like it, available when profiling is off. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.core.publisher.Mono")
	static class ReactorConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveLabels.class)
		DefaultReactiveLabels pyroscopeReactiveLabels(LabelStack stack, LabelRules rules) {
			return new DefaultReactiveLabels(stack, rules);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProfiling
	@ConditionalOnBooleanProperty(name = PyroscopeDynamicLabelsProperties.PREFIX + ".propagation.enabled",
			matchIfMissing = true)
	static class PropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LabelsTaskDecorator pyroscopeLabelsTaskDecorator(LabelStack stack) {
			return new LabelsTaskDecorator(stack);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ContextRegistry.class)
		static class ContextPropagationConfiguration {

			@Bean
			ThreadLocalAccessorRegistration pyroscopeLabelsThreadLocalAccessor(LabelStack stack) {
				return new ThreadLocalAccessorRegistration(stack);
			}

		}

		/**
		 * Reactor tasks run with the labels of the thread that scheduled them. Reactor's automatic context
		 * propagation is left as the application sets it ({@code spring.reactor.context-propagation}): labelled
		 * chains do not need it, and it costs every chain; with it on, the accessor above keeps the labels right.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "reactor.core.scheduler.Schedulers")
		static class ReactorConfiguration {

			@Bean
			ReactorScheduleHookRegistration pyroscopeReactorScheduleHook(LabelStack stack) {
				return new ReactorScheduleHookRegistration(stack);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProfiling
	@ConditionalOnThreading(Threading.VIRTUAL)
	@ConditionalOnProperty(name = PyroscopeDynamicLabelsProperties.PREFIX + ".virtual-threads", havingValue = "follow",
			matchIfMissing = true)
	static class VirtualThreadHooksConfiguration {

		@Bean
		VirtualThreadHooksInstaller pyroscopeVirtualThreadHooksInstaller(VirtualThreadHooks hooks) {
			return new VirtualThreadHooksInstaller(hooks, PyroscopeProfiler.PHASE + 1);
		}

	}


	/** Registers the labels' schedule hook with Reactor's schedulers while the context runs. */
	static final class ReactorScheduleHookRegistration implements InitializingBean, DisposableBean {

		private final LabelsScheduleHook hook;

		ReactorScheduleHookRegistration(LabelStack stack) {
			this.hook = new LabelsScheduleHook(stack);
		}

		@Override
		public void afterPropertiesSet() {
			this.hook.install();
		}

		@Override
		public void destroy() {
			this.hook.uninstall();
		}

	}

	/** Registers the labels' {@code ThreadLocalAccessor} with Micrometer's global registry while the context runs. */
	static final class ThreadLocalAccessorRegistration implements InitializingBean, DisposableBean {

		private final LabelStack stack;

		ThreadLocalAccessorRegistration(LabelStack stack) {
			this.stack = stack;
		}

		@Override
		public void afterPropertiesSet() {
			ContextRegistry.getInstance().registerThreadLocalAccessor(new LabelsThreadLocalAccessor(this.stack));
		}

		@Override
		public void destroy() {
			ContextRegistry.getInstance().removeThreadLocalAccessor(LabelsThreadLocalAccessor.KEY);
		}

	}

}

package dev.pyroscopestarter.autoconfigure.labels;

import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooksInstaller;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.labels.annotation.ProfileTagAdvisor;
import dev.pyroscopestarter.internal.labels.propagation.LabelsTaskDecorator;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.internal.labels.web.servlet.RouteLabelsInterceptor;
import dev.pyroscopestarter.labels.ProfilingLabels;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

class PyroscopeLabelsAutoConfigurationTest {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(PyroscopeLabelsAutoConfiguration.class, PyroscopeWebLabelsAutoConfiguration.class));

	@Test
	void providesTheApiTheAspectPropagationAndRouteLabels() {
		this.web.run((context) -> {
			assertThat(context).hasSingleBean(ProfilingLabels.class)
				.hasSingleBean(CardinalityGuard.class)
				.hasSingleBean(ProfileTagAdvisor.class)
				.hasSingleBean(LabelsTaskDecorator.class)
				.hasSingleBean(RouteLabelsInterceptor.class);
			CardinalityGuard guard = context.getBean(CardinalityGuard.class);
			assertThat(guard.maxValuesPerKey()).isEqualTo(100);
			assertThat(guard.overflowValue()).isEqualTo("_overflow_");
		});
	}

	@Test
	void settingsApply() {
		this.web.withPropertyValues("pyroscope.dynamic-labels.cardinality.max-values-per-key=5",
				"pyroscope.dynamic-labels.cardinality.overflow-value=other", "pyroscope.dynamic-labels.max-value-length=3",
				"pyroscope.dynamic-labels.virtual-threads=pin").run((context) -> {
					CardinalityGuard guard = context.getBean(CardinalityGuard.class);
					assertThat(guard.maxValuesPerKey()).isEqualTo(5);
					assertThat(guard.overflowValue()).isEqualTo("other");
					assertThat(context.getBean(LabelRules.class).fixedValue("abcdef")).isEqualTo("abc");
					assertThat(context.getBean(LabelStack.class).virtualThreadMode()).isEqualTo(VirtualThreadMode.PIN);
				});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void withVirtualThreadsOnLabelsFollowThemFromStartup() {
		this.web.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(VirtualThreadHooksInstaller.class);
			assertThat(context.getBean(LabelStack.class).virtualThreadMode()).isEqualTo(VirtualThreadMode.FOLLOW);
		});
		this.web.withPropertyValues("spring.threads.virtual.enabled=true", "pyroscope.dynamic-labels.virtual-threads=label")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(VirtualThreadHooksInstaller.class));
	}

	@Test
	void withoutVirtualThreadsNothingIsInstalledAtStartup() {
		this.web.run((context) -> {
			assertThat(context).doesNotHaveBean(VirtualThreadHooksInstaller.class);
			assertThat(context.getBean(LabelStack.class).virtualThreadMode()).isEqualTo(VirtualThreadMode.FOLLOW);
		});
	}

	@Test
	void withProfilingOffOnlyTheApiRemains() {
		this.web.withPropertyValues("pyroscope.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ProfilingLabels.class)
				.doesNotHaveBean(ProfileTagAdvisor.class)
				.doesNotHaveBean(LabelsTaskDecorator.class)
				.doesNotHaveBean(RouteLabelsInterceptor.class);
		});
	}

	@Test
	void routeLabelsNeedSpringMvcAndAServletApplication() {
		this.web.withClassLoader(new FilteredClassLoader(WebMvcConfigurer.class))
			.run((context) -> assertThat(context).hasSingleBean(ProfilingLabels.class)
				.doesNotHaveBean(RouteLabelsInterceptor.class));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PyroscopeLabelsAutoConfiguration.class,
					PyroscopeWebLabelsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ProfilingLabels.class)
				.doesNotHaveBean(RouteLabelsInterceptor.class));
	}

	@Test
	void theThreadLocalAccessorIsRegisteredOnlyWithMicrometerContextPropagation() {
		this.web.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(LabelsTaskDecorator.class)
				.doesNotHaveBean("pyroscopeLabelsThreadLocalAccessor"));
		this.web.run((context) -> assertThat(context).hasBean("pyroscopeLabelsThreadLocalAccessor"));
	}

	@Test
	void nothingWithoutTheAgent() {
		this.web.withClassLoader(new FilteredClassLoader("io.pyroscope"))
			.run((context) -> assertThat(context).doesNotHaveBean(ProfilingLabels.class)
				.doesNotHaveBean(RouteLabelsInterceptor.class));
	}

	@Test
	void backsOffForTheApplicationsOwnBeans() {
		this.web.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context.getBean(ProfilingLabels.class)).isSameAs(context.getBean("ownLabels"));
			assertThat(context.getBean(CardinalityGuard.class)).isSameAs(context.getBean("ownGuard"));
		});
	}

	@Test
	void invalidLabelSettingsFailStartupNamingTheProperty() {
		this.web.withPropertyValues("pyroscope.web.header-labels.tenant-id=X-Tenant-Id").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidPyroscopeConfigurationException.class)
				.hasMessageContaining("pyroscope.web.header-labels.tenant-id")
				.hasMessageContaining("may hold only letters, digits and '_'");
		});
		this.web.withPropertyValues("pyroscope.web.route-label=http.route").run((context) -> {
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("pyroscope.web.route-label");
		});
		this.web.withPropertyValues("pyroscope.dynamic-labels.max-value-length=2049").run((context) -> {
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("pyroscope.dynamic-labels.max-value-length")
				.hasMessageContaining("2048 bytes");
		});
		this.web.withPropertyValues("pyroscope.dynamic-labels.cardinality.max-values-per-key=0").run((context) -> {
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("pyroscope.dynamic-labels.cardinality.max-values-per-key");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		@Bean
		CardinalityGuard ownGuard() {
			return new CardinalityGuard(7, "x", java.time.Duration.ofSeconds(10));
		}

		@Bean
		ProfilingLabels ownLabels(LabelStack stack, LabelRules rules) {
			return new DefaultProfilingLabels(stack, rules);
		}

	}

}

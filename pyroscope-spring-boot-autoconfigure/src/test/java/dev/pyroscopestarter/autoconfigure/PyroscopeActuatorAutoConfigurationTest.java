package dev.pyroscopestarter.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.pyroscopestarter.autoconfigure.endpoint.PyroscopeEndpointAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.health.PyroscopeHealthContributorAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.labels.PyroscopeLabelsAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.metrics.PyroscopeMetricsAutoConfiguration;
import dev.pyroscopestarter.internal.actuate.endpoint.LabelQueryInvokerAdvisor;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeDescriptor;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpoint;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpointWebExtension;
import dev.pyroscopestarter.internal.actuate.health.PyroscopeHealthIndicator;
import dev.pyroscopestarter.internal.actuate.metrics.LocalStoreMetrics;
import dev.pyroscopestarter.internal.actuate.metrics.UploadMetrics;
import dev.pyroscopestarter.profiler.LabelCardinality;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which actuator beans appear, and when they back off.
 */
class PyroscopeActuatorAutoConfigurationTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class, EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class, PyroscopeEndpointAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				PyroscopeHealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				PyroscopeMetricsAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "pyroscope.upload-interval=1h");

	@Test
	void exposedEndpointWithItsWebViewsHealthAndMetrics() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pyroscope").run((context) -> {
			assertThat(context).hasSingleBean(PyroscopeEndpoint.class)
				.hasSingleBean(PyroscopeEndpointWebExtension.class)
				.hasSingleBean(LabelQueryInvokerAdvisor.class)
				.hasSingleBean(PyroscopeHealthIndicator.class)
				.hasSingleBean(LocalStoreMetrics.class)
				.doesNotHaveBean(UploadMetrics.class);
			assertThat(context.getBean(PyroscopeEndpoint.class).pyroscope().state()).isEqualTo("running");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("pyroscope.local.windows").gauge()).isNotNull();
			assertThat(registry.find("pyroscope.uploads").meters()).as("local mode uploads nothing").isEmpty();
		});
	}

	@Test
	void uploadMetricsWhenUploading() {
		this.runner
			.withPropertyValues("pyroscope.server-address=http://127.0.0.1:9", "pyroscope.shutdown.flush-timeout=10ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(UploadMetrics.class).doesNotHaveBean(LocalStoreMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("pyroscope.uploads").tag("outcome", "success").functionCounter()).isNotNull();
				assertThat(registry.find("pyroscope.queue.size").gauge()).isNotNull();
				assertThat(registry.find("pyroscope.local.windows").meters()).isEmpty();
			});
	}

	@Test
	void endpointOnlyWhenExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(PyroscopeEndpoint.class)
			.doesNotHaveBean(PyroscopeEndpointWebExtension.class)
			.hasSingleBean(PyroscopeHealthIndicator.class));
	}

	@Test
	void withProfilingDisabledTheEndpointSaysSoAndNothingElseAppears() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pyroscope", "pyroscope.enabled=false")
			.run((context) -> {
				PyroscopeDescriptor status = context.getBean(PyroscopeEndpoint.class).pyroscope();
				assertThat(status.state()).isEqualTo("disabled");
				assertThat(status.reason()).isEqualTo("pyroscope.enabled is false");
				assertThat(status.uploads()).isNull();
				assertThat(context).doesNotHaveBean(PyroscopeHealthIndicator.class)
					.doesNotHaveBean(UploadMetrics.class)
					.doesNotHaveBean(LocalStoreMetrics.class);
			});
	}

	@Test
	void anApplicationsLabelCardinalityIsShown() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pyroscope")
			.withUserConfiguration(OwnCardinality.class)
			.run((context) -> assertThat(context.getBean(PyroscopeEndpoint.class).pyroscope().labelCardinality())
				.isEqualTo(Map.of("user_id", 4096)));
	}

	@Test
	void withoutJfrConverterTheEndpointStaysWithoutItsWebViews() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pyroscope")
			.withClassLoader(new FilteredClassLoader("one.convert"))
			.run((context) -> assertThat(context).hasSingleBean(PyroscopeEndpoint.class)
				.doesNotHaveBean(PyroscopeEndpointWebExtension.class));
	}

	@Test
	void healthIndicatorOffWithTheStandardProperty() {
		this.runner.withPropertyValues("management.health.pyroscope.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PyroscopeHealthIndicator.class));
	}

	@Test
	void labelValuesOverTheCardinalityLimitAreCountedAsAMetric() {
		this.runner.withConfiguration(AutoConfigurations.of(PyroscopeLabelsAutoConfiguration.class))
			.withPropertyValues("pyroscope.dynamic-labels.cardinality.max-values-per-key=2")
			.run((context) -> {
				dev.pyroscopestarter.internal.labels.support.CardinalityGuard guard = context
					.getBean(dev.pyroscopestarter.internal.labels.support.CardinalityGuard.class);
				for (String orderId : List.of("o-1", "o-2", "o-3", "o-4", "o-5")) {
					guard.admit("order_id", orderId);
				}
				assertThat(context.getBean(MeterRegistry.class).get("pyroscope.labels.overflows").functionCounter()
					.count()).isEqualTo(3.0);
			});
	}

	@Test
	void noMetricsWithoutAMeterRegistry() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class,
					PyroscopeMetricsAutoConfiguration.class))
			.withPropertyValues("pyroscope.upload-interval=1h")
			.run((context) -> assertThat(context).doesNotHaveBean(UploadMetrics.class)
				.doesNotHaveBean(LocalStoreMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCardinality {

		@Bean
		LabelCardinality labelCardinality() {
			return () -> Map.of("user_id", 4096);
		}

	}

}

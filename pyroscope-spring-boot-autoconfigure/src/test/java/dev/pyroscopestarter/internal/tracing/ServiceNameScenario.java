package dev.pyroscopestarter.internal.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profiles' application name is the service name of the application's traces: a real application with one
 * tracing bridge ends a span, and the service name the span is exported with is compared with the profiler's.
 */
abstract class ServiceNameScenario {

	/** The service name the bridge exported the application's last span with. */
	abstract String exportedServiceName(ConfigurableApplicationContext context);

	@Test
	void springApplicationName() {
		assertSameName("spring.application.name=orders");
	}

	@Test
	void bootsResourceAttributes() {
		assertSameName("spring.application.name=orders",
				"management.opentelemetry.resource-attributes.service.name=checkout");
	}

	@Test
	void pyroscopeApplicationNameWins() {
		try (ConfigurableApplicationContext context = run("spring.application.name=orders",
				"pyroscope.application-name=profiles-only")) {
			assertThat(context.getBean(AgentSettings.class).applicationName()).isEqualTo("profiles-only");
		}
	}

	private void assertSameName(String... properties) {
		try (ConfigurableApplicationContext context = run(properties)) {
			Span span = context.getBean(Tracer.class).nextSpan().name("work").start();
			span.end();
			String traced = exportedServiceName(context);
			assertThat(traced).isNotBlank();
			assertThat(context.getBean(AgentSettings.class).applicationName()).isEqualTo(traced);
		}
	}

	ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(Application.class, bridgeConfiguration())
			.web(WebApplicationType.NONE)
			.properties("pyroscope.upload-interval=1h", "management.tracing.sampling.probability=1.0")
			.properties(properties)
			.run();
	}

	abstract Class<?> bridgeConfiguration();

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}

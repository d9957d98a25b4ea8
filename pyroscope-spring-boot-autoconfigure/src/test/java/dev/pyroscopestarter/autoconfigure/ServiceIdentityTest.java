package dev.pyroscopestarter.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's rules for the OpenTelemetry service name, highest first.
 */
class ServiceIdentityTest {

	private final MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "orders");

	@Test
	void springApplicationNameByDefault() {
		assertThat(ServiceIdentity.serviceName(this.environment, Map.<String, String>of()::get)).isEqualTo("orders");
	}

	@Test
	void otelResourceAttributesOverSpringApplicationName() {
		Map<String, String> env = Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod, service.name=ride%20api");
		assertThat(ServiceIdentity.serviceName(this.environment, env::get)).isEqualTo("ride api");
	}

	@Test
	void otelServiceNameOverResourceAttributes() {
		Map<String, String> env = Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes", "OTEL_SERVICE_NAME",
				"from-variable");
		assertThat(ServiceIdentity.serviceName(this.environment, env::get)).isEqualTo("from-variable");
	}

	@Test
	void bootsResourceAttributesOverEverything() {
		this.environment.setProperty("management.opentelemetry.resource-attributes.service.name", "from-boot");
		Map<String, String> env = Map.of("OTEL_SERVICE_NAME", "from-variable");
		assertThat(ServiceIdentity.serviceName(this.environment, env::get)).isEqualTo("from-boot");
	}

	@Test
	void noNameAnywhereIsNull() {
		assertThat(ServiceIdentity.serviceName(new MockEnvironment(), Map.<String, String>of()::get)).isNull();
	}

	@Test
	void theGroupIsSpringApplicationGroup() {
		assertThat(ServiceIdentity.group(this.environment.withProperty("spring.application.group", "mobility")))
			.isEqualTo("mobility");
	}

}

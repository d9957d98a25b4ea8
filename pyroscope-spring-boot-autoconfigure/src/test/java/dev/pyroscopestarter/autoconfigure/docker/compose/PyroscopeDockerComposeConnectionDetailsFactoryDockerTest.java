package dev.pyroscopestarter.autoconfigure.docker.compose;

import java.nio.file.Path;
import java.time.Duration;

import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.PyroscopeConnectionDetails;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot's Docker Compose support starts a real {@code grafana/pyroscope} and the application uploads to it.
 * Needs a Docker engine and its {@code docker compose}: reported skipped where there is none, as on the project's
 * build machines.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "needs a Docker engine (none on this machine)")
class PyroscopeDockerComposeConnectionDetailsFactoryDockerTest {

	static boolean dockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	@Test
	void uploadsReachTheComposeService() throws Exception {
		Path compose = Path.of(PyroscopeDockerComposeConnectionDetailsFactoryDockerTest.class
			.getResource("pyroscope-compose.yaml")
			.toURI());
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run("--spring.docker.compose.enabled=true", "--spring.docker.compose.skip.in-tests=false",
					"--spring.docker.compose.file=" + compose, "--spring.application.name=orders",
					"--pyroscope.upload-interval=1h")) {
			assertThat(context.getBean(PyroscopeConnectionDetails.class).getServerAddress()).startsWith("http://");
			IngestExporter exporter = context.getBean(IngestExporter.class);
			exporter.export(Windows.withLabels(0));
			await("accepted by the Compose service").atMost(Duration.ofSeconds(60))
				.until(() -> exporter.figures().succeeded() == 1);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(PyroscopeAutoConfiguration.class)
	static class Application {

	}

}

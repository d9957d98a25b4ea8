package dev.pyroscopestarter.autoconfigure.docker.compose;

import java.util.Map;

import dev.pyroscopestarter.autoconfigure.PyroscopeConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The factory as Spring Boot's Docker Compose support finds and calls it, through the public
 * {@link ConnectionDetailsFactories}, with a running service described by mocks: no Docker engine needed.
 */
class PyroscopeDockerComposeConnectionDetailsFactoryTest {

	@Test
	void pyroscopeImageGivesItsPublishedPort() {
		PyroscopeConnectionDetails details = connectionDetails("grafana/pyroscope:1.18.0", Map.of());
		assertThat(details).isNotNull();
		assertThat(details.getServerAddress()).isEqualTo("http://127.0.0.1:54040");
		assertThat(details.getTenantId()).isNull();
		assertThat(details.getAuthToken()).isNull();
	}

	@Test
	void otelLgtmImageBundlesPyroscopeOnTheSamePort() {
		PyroscopeConnectionDetails details = connectionDetails("docker.io/grafana/otel-lgtm:0.11.0", Map.of());
		assertThat(details).isNotNull();
		assertThat(details.getServerAddress()).isEqualTo("http://127.0.0.1:54040");
	}

	@Test
	void anImageNamedByTheServiceConnectionLabelMatchesToo() {
		PyroscopeConnectionDetails details = connectionDetails("registry.example.com/mirror/profiles:1",
				Map.of("org.springframework.boot.service-connection", "grafana/pyroscope"));
		assertThat(details).isNotNull();
	}

	@Test
	void otherImagesGiveNoPyroscopeConnection() {
		assertThat(connectionDetails("openzipkin/zipkin:3", Map.of())).isNull();
		assertThat(connectionDetails("grafana/grafana:11", Map.of())).isNull();
	}

	private static PyroscopeConnectionDetails connectionDetails(String image, Map<String, String> labels) {
		RunningService service = mock(RunningService.class);
		ConnectionPorts ports = mock(ConnectionPorts.class);
		given(service.image()).willReturn(ImageReference.of(image));
		given(service.labels()).willReturn(labels);
		given(service.host()).willReturn("127.0.0.1");
		given(service.ports()).willReturn(ports);
		given(ports.get(4040)).willReturn(54040);
		// Final, made by Boot only: Mockito's inline mock maker stands in for it.
		DockerComposeConnectionSource source = mock(DockerComposeConnectionSource.class);
		given(source.getRunningService()).willReturn(service);
		given(source.getEnvironment()).willReturn(new MockEnvironment());
		Map<Class<?>, ConnectionDetails> all = new ConnectionDetailsFactories(
				PyroscopeDockerComposeConnectionDetailsFactoryTest.class.getClassLoader())
			.getConnectionDetails(source, false);
		return (PyroscopeConnectionDetails) all.get(PyroscopeConnectionDetails.class);
	}

}

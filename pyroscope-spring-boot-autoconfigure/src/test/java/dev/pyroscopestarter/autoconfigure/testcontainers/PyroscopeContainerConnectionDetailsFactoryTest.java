package dev.pyroscopestarter.autoconfigure.testcontainers;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.PyroscopeConnectionDetails;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.IngestSettings;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsNotFoundException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The factory through Spring Boot's own {@code @ServiceConnection} handling, without a Docker engine: the container
 * bean is a {@link GenericContainer} that does not start and answers with the address of a loopback server.
 */
class PyroscopeContainerConnectionDetailsFactoryTest {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, PyroscopeAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "pyroscope.upload-interval=1h");

	@BeforeEach
	void pyroscopeAccepts() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
	}

	@Test
	void aPyroscopeContainerGetsTheUploads() {
		this.runner.withUserConfiguration(PyroscopeContainerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PyroscopeConnectionDetails.class).doesNotHaveBean(LocalProfileStore.class);
			IngestExporter exporter = context.getBean(IngestExporter.class);
			assertThat(settingsOf(exporter).serverAddress()).isEqualTo("http://127.0.0.1:" + server.getPort());
			exporter.export(Windows.withLabels(0));
			await("delivered").atMost(Duration.ofSeconds(20)).until(() -> exporter.figures().succeeded() == 1);
		});
	}

	@Test
	void theContainerWinsOverTheProperties() {
		this.runner.withUserConfiguration(PyroscopeContainerConfiguration.class)
			.withPropertyValues("pyroscope.server-address=http://127.0.0.1:1")
			.run((context) -> assertThat(settingsOf(context.getBean(IngestExporter.class)).serverAddress())
				.isEqualTo("http://127.0.0.1:" + server.getPort()));
	}

	@Test
	void otherImagesAreNotPyroscope() {
		// Boot fails a @ServiceConnection that no factory on the class path accepts: this one is not ours.
		this.runner.withUserConfiguration(OtherContainerConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(ConnectionDetailsNotFoundException.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class PyroscopeContainerConfiguration {

		@Bean
		@ServiceConnection(name = "grafana/pyroscope")
		LoopbackContainer pyroscope() {
			return new LoopbackContainer("grafana/pyroscope:1.18.0");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherContainerConfiguration {

		@Bean
		@ServiceConnection(name = "openzipkin/zipkin")
		LoopbackContainer zipkin() {
			return new LoopbackContainer("openzipkin/zipkin:3");
		}

	}

	/** A container that is never started: its address is the loopback server's. */
	static class LoopbackContainer extends GenericContainer<LoopbackContainer> {

		LoopbackContainer(String image) {
			super(DockerImageName.parse(image));
		}

		@Override
		public void start() {
		}

		@Override
		public String getHost() {
			return "127.0.0.1";
		}

		@Override
		public Integer getMappedPort(int originalPort) {
			assertThat(originalPort).isEqualTo(4040);
			return server.getPort();
		}

	}

	// What the uploader was built with: package-private in the uploader, as it holds the credentials.
	private static IngestSettings settingsOf(IngestExporter exporter) {
		IngestSettings settings = ReflectionTestUtils.invokeMethod(exporter, "settings");
		return java.util.Objects.requireNonNull(settings);
	}

}

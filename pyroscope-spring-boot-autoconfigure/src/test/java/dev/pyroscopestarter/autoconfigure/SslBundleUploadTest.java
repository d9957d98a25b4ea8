package dev.pyroscopestarter.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploads to a server whose certificate a private CA signed: trusted through a Spring Boot SSL bundle, refused
 * without it.
 */
class SslBundleUploadTest {

	private static final String PASSWORD = "changeit";

	@TempDir
	static Path directory;

	private static Path keystore;

	private static WireMockServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, PyroscopeAutoConfiguration.class))
		.withPropertyValues("pyroscope.upload-interval=1h", "pyroscope.export.initial-backoff=10ms",
				"pyroscope.export.max-backoff=20ms", "pyroscope.export.max-attempts=2");

	@BeforeAll
	static void startServer() throws Exception {
		keystore = directory.resolve("server.p12");
		// A self-signed certificate for localhost stands for one a private CA signed.
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
				"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).isZero();
		server = new WireMockServer(wireMockConfig().dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(keystore.toString())
			.keystorePassword(PASSWORD)
			.keyManagerPassword(PASSWORD)
			.keystoreType("PKCS12"));
		server.start();
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void aServerTrustedThroughAnSslBundleGetsTheUploads() {
		this.runner
			.withPropertyValues("pyroscope.server-address=https://localhost:" + server.httpsPort(),
					"pyroscope.ssl.bundle=pyroscope", "spring.ssl.bundle.jks.pyroscope.truststore.location=file:" + keystore,
					"spring.ssl.bundle.jks.pyroscope.truststore.password=" + PASSWORD,
					"spring.ssl.bundle.jks.pyroscope.truststore.type=PKCS12")
			.run((context) -> {
				IngestExporter exporter = context.getBean(IngestExporter.class);
				assertThat(exporter.toString()).contains("ssl-bundle=pyroscope").doesNotContain(PASSWORD);
				exporter.export(Windows.withLabels(0));
				await("delivered over TLS").atMost(Duration.ofSeconds(20))
					.until(() -> exporter.figures().succeeded() == 1);
			});
	}

	@Test
	void withoutTheBundleTheServerIsNotTrusted() {
		this.runner.withPropertyValues("pyroscope.server-address=https://localhost:" + server.httpsPort())
			.run((context) -> {
				IngestExporter exporter = context.getBean(IngestExporter.class);
				exporter.export(Windows.withLabels(0));
				await("given up").atMost(Duration.ofSeconds(20)).until(() -> exporter.figures().droppedTotal() == 1);
				assertThat(exporter.figures().succeeded()).isZero();
				assertThat(exporter.figures().lastError()).containsAnyOf("SSL", "certification path", "PKIX");
			});
	}

	@Test
	void anUnknownBundleFailsStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("pyroscope.server-address=https://localhost:" + server.httpsPort(),
					"pyroscope.ssl.bundle=missing")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidPyroscopeConfigurationException.class)
					.hasMessageContaining("pyroscope.ssl.bundle");
			});
	}

}

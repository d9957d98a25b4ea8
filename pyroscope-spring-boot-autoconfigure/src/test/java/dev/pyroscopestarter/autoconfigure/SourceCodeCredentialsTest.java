package dev.pyroscopestarter.autoconfigure;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyroscopestarter.autoconfigure.endpoint.PyroscopeEndpointAutoConfiguration;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpoint;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A git remote with a token in it (as CI checkouts have): the repository label is sent, the token nowhere, neither
 * in the upload, nor in /actuator/pyroscope, nor in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SourceCodeCredentialsTest {

	private static final String TOKEN = "ghp_S3cr3t";

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class, EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class, PyroscopeEndpointAutoConfiguration.class))
		.withBean(GitProperties.class, ProfileOriginAutoConfigurationTest::git)
		.withPropertyValues("spring.application.name=orders", "pyroscope.upload-interval=1h",
				"management.endpoints.web.exposure.include=pyroscope");

	@BeforeEach
	void pyroscopeAccepts() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
	}

	@Test
	void theRemotesTokenAppearsNowhere(CapturedOutput output) {
		this.runner.withPropertyValues("pyroscope.server-address=http://127.0.0.1:" + server.getPort()).run((context) -> {
			IngestExporter exporter = context.getBean(IngestExporter.class);
			exporter.export(Windows.withLabels(0));
			await("uploaded").atMost(Duration.ofSeconds(20)).until(() -> exporter.figures().succeeded() == 1);
			LoggedRequest upload = server.findAll(com.github.tomakehurst.wiremock.client.WireMock
				.postRequestedFor(urlPathEqualTo("/ingest"))).get(0);
			assertThat(upload.getUrl()).contains("service_repository%3Dhttps%3A%2F%2Fgithub.com%2Facme%2Frides")
				.doesNotContain(TOKEN);
			assertThat(upload.getHeaders().all().toString()).doesNotContain(TOKEN);
			assertThat(new String(upload.getBody(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
			String endpoint = JsonMapper.builder().build()
				.writeValueAsString(context.getBean(PyroscopeEndpoint.class).pyroscope());
			assertThat(endpoint).contains("https://github.com/acme/rides").doesNotContain(TOKEN);
		});
		assertThat(output.getAll()).doesNotContain(TOKEN);
	}

}

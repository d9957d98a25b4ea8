package dev.pyroscopestarter.rideshare;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's {@code aws} profile takes the Pyroscope address from the secret (WireMock stands in for AWS).
 */
class RideshareAwsProfileTest {

	@RegisterExtension
	static WireMockExtension secretsManager = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
		.build();

	@Test
	void awsProfileReadsThePyroscopeSecret() {
		String secret = "{\\\"pyroscope_server_address\\\":\\\"http://127.0.0.1:9\\\","
				+ "\\\"pyroscope_auth_token\\\":\\\"pyr_demo\\\"}";
		secretsManager.stubFor(post(urlPathEqualTo("/"))
			.withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/x-amz-json-1.1")
				.withBody("{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:rideshare/pyroscope-AbCdEf\","
						+ "\"Name\":\"rideshare/pyroscope\",\"SecretString\":\"" + secret + "\"}")));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RideshareApplication.class)
			.profiles("aws")
			.run("--server.port=0", "--rideshare.load-generator.enabled=false",
					"--spring.cloud.aws.secretsmanager.endpoint=" + secretsManager.baseUrl(),
					"--spring.cloud.aws.region.static=eu-west-1", "--spring.cloud.aws.credentials.access-key=AKIDTEST",
					"--spring.cloud.aws.credentials.secret-key=test", "--pyroscope.shutdown.flush-timeout=0s")) {
			assertThat(context.getBean(PyroscopeProfiler.class).status().state()).isEqualTo(ProfilerState.RUNNING);
			assertThat(context.getBean(IngestExporter.class).displayAddress())
				.isEqualTo("http://127.0.0.1:9");
		}
	}

}

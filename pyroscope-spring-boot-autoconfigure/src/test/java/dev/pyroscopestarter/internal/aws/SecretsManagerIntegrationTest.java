package dev.pyroscopestarter.internal.aws;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpoint;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.UploadFigures;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Pyroscope's address and token from an AWS Secrets Manager secret loaded with Spring Cloud AWS's
 * {@code spring.config.import=aws-secretsmanager:...}; WireMock stands in for both Secrets Manager and Pyroscope.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsManagerIntegrationTest {

	private static final String SECRET_ID = "prod/rideshare/pyroscope";

	private static final String TOKEN = "pyr_token_from_secret_4f2a";

	private static final String ROTATED_TOKEN = "pyr_rotated_token_9c1b";

	@RegisterExtension
	static WireMockExtension secretsManager = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
		.build();

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void addressAndTokenFromTheSecretReachTheUploads(CapturedOutput output) {
		secretsManager.stubFor(getSecretValue().willReturn(secret(
				"{\"pyroscope_server_address\":\"" + pyroscope.baseUrl() + "\",\"pyroscope_auth_token\":\"" + TOKEN
						+ "\",\"db_password\":\"unrelated\"}")));
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = run("aws-secretsmanager:" + SECRET_ID,
				"--management.endpoints.web.exposure.include=pyroscope")) {
			IngestExporter exporter = context.getBean(IngestExporter.class);
			assertThat(exporter.displayAddress()).isEqualTo(pyroscope.baseUrl());
			await("an upload").atMost(Duration.ofSeconds(20)).until(() -> exporter.figures().succeeded() > 0);
			String actuatorView = new tools.jackson.databind.json.JsonMapper()
				.writeValueAsString(context.getBean(PyroscopeEndpoint.class).pyroscope());
			assertThat(actuatorView).contains(pyroscope.baseUrl()).doesNotContain(TOKEN);
		}
		pyroscope.verify(postRequestedFor(urlPathEqualTo("/ingest")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
		assertThat(output).doesNotContain(TOKEN);
	}

	@Test
	void aMissingSecretFailsStartupUnlessOptional(CapturedOutput output) {
		secretsManager.stubFor(getSecretValue().willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withBody("{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
		assertThatException().isThrownBy(() -> run("aws-secretsmanager:" + SECRET_ID).close());
		// Spring Cloud AWS explains its own failure; README says what to check.
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Secrets Manager can't find the specified secret");

		try (ConfigurableApplicationContext context = run("optional:aws-secretsmanager:" + SECRET_ID)) {
			assertThat(context.getBean(ProfileExporter.class)).isInstanceOf(LocalProfileStore.class);
		}
	}

	@Test
	void aSecretWithATokenButNoAddressIsExplained(CapturedOutput output) {
		secretsManager.stubFor(getSecretValue().willReturn(secret("{\"pyroscope_auth_token\":\"" + TOKEN + "\"}")));
		assertThatException().isThrownBy(() -> run("aws-secretsmanager:" + SECRET_ID).close());
		assertThat(output).contains("The Pyroscope setting 'pyroscope.server-address' is invalid")
			.contains("add the key pyroscope_server_address to that secret")
			.doesNotContain(TOKEN);
	}

	@Test
	void aRotatedTokenIsReadAgainWhenTheServerRefusesTheOldOne(CapturedOutput output) {
		String address = pyroscope.baseUrl();
		secretsManager.stubFor(getSecretValue().inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(secret(secretJson(address, TOKEN))).willSetStateTo("rotated"));
		secretsManager.stubFor(getSecretValue().inScenario("rotation").whenScenarioStateIs("rotated")
			.willReturn(secret(secretJson(address, ROTATED_TOKEN))));
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + ROTATED_TOKEN))
			.willReturn(aResponse().withStatus(200)));
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).atPriority(5).willReturn(aResponse().withStatus(401)));

		try (ConfigurableApplicationContext context = run("aws-secretsmanager:" + SECRET_ID,
				"--pyroscope.aws.secret-reread-interval=1s")) {
			IngestExporter exporter = context.getBean(IngestExporter.class);
			await("an upload with the rotated token").atMost(Duration.ofSeconds(30))
				.until(() -> exporter.figures().succeeded() > 0);
			UploadFigures figures = exporter.figures();
			assertThat(figures.failedAttempts()).as("the old token was refused first").isPositive();
		}
		assertThat(secretsManager.findAll(postRequestedFor(urlPathEqualTo("/")))).as("secret read again")
			.hasSizeGreaterThanOrEqualTo(2);
		pyroscope.verify(postRequestedFor(urlPathEqualTo("/ingest")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
		assertThat(output).contains("Re-read aws-secretsmanager:" + SECRET_ID).doesNotContain(TOKEN)
			.doesNotContain(ROTATED_TOKEN);
	}

	private static String secretJson(String address, String token) {
		return "{\"pyroscope_server_address\":\"" + address + "\",\"pyroscope_auth_token\":\"" + token + "\"}";
	}

	private static MappingBuilder getSecretValue() {
		return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
			.withRequestBody(containing(SECRET_ID));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder secret(String secretString) {
		String escaped = secretString.replace("\\", "\\\\").replace("\"", "\\\"");
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withBody("{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + SECRET_ID + "-AbCdEf\","
					+ "\"Name\":\"" + SECRET_ID + "\",\"VersionId\":\"v1\",\"SecretString\":\"" + escaped + "\","
					+ "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7E9}");
	}

	private static ConfigurableApplicationContext run(String configImport, String... extraArguments) {
		List<String> arguments = new java.util.ArrayList<>(List.of("--spring.config.import=" + configImport,
				"--spring.cloud.aws.secretsmanager.enabled=true",
				"--spring.cloud.aws.secretsmanager.endpoint=" + secretsManager.baseUrl(),
				"--spring.cloud.aws.region.static=eu-west-1", "--spring.cloud.aws.credentials.access-key=AKIDTEST",
				"--spring.cloud.aws.credentials.secret-key=test-secret", "--pyroscope.upload-interval=1s",
				"--pyroscope.export.initial-backoff=50ms", "--pyroscope.export.max-backoff=200ms"));
		arguments.addAll(List.of(extraArguments));
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

}

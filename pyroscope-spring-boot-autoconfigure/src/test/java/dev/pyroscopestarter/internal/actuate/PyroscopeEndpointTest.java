package dev.pyroscopestarter.internal.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/pyroscope} of a real application uploading to WireMock standing in for Pyroscope: what it
 * shows, what it never shows, and stopping and starting the real profiler through it.
 */
@ExtendWith(OutputCaptureExtension.class)
class PyroscopeEndpointTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final List<String> SECRETS = List.of("token-secret-1", "password-secret-2", "url-secret-3",
			"header-secret-4");

	@Test
	void showsSettingsStateAndUploadsAndNoSecret(CapturedOutput output) {
		pyroscope.stubFor(post(urlPathEqualTo("/prefix/ingest")).willReturn(aResponse().withStatus(200)));
		String address = pyroscope.baseUrl().replace("http://", "http://user:url-secret-3@") + "/prefix";
		try (ConfigurableApplicationContext context = application("--pyroscope.server-address=" + address,
				"--pyroscope.auth-token=token-secret-1", "--pyroscope.basic-auth.username=user-7",
				"--pyroscope.basic-auth.password=password-secret-2", "--pyroscope.headers.X-Api-Key=header-secret-4",
				"--pyroscope.profiler.interval=20ms", "--pyroscope.profiler.allocation-threshold=512KB",
				"--pyroscope.profiler.lock-threshold=10ms", "--pyroscope.labels.region=eu",
				"--management.endpoint.health.show-details=always")) {
			Http http = Http.of(context);
			await("an upload accepted").atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(50);
				return ((Number) uploads(http.get("/actuator/pyroscope").json()).get("succeeded")).longValue() > 0;
			});
			Http.Response response = http.get("/actuator/pyroscope");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.contentType()).contains("json");
			Map<String, Object> status = response.json();
			assertThat(status).containsEntry("state", "running")
				.containsEntry("applicationName", "endpoint-app")
				.containsEntry("mode", "upload")
				.containsEntry("serverAddress", pyroscope.baseUrl() + "/prefix")
				.containsEntry("authentication", "basic")
				.containsEntry("labels", Map.of("region", "eu"))
				.containsKey("since");
			assertThat(map(status, "engine")).containsEntry("agentVersion", "2.9.2").containsKey("profilerVersion");
			assertThat(map(status, "engine").get("profilerVersion")).isNotNull();
			assertThat(map(status, "profiling")).containsEntry("event", "itimer")
				.containsEntry("interval", "20ms")
				.containsEntry("uploadInterval", "1s")
				.containsEntry("allocationThreshold", 524288)
				.containsEntry("allocationLive", false)
				.containsEntry("lockThreshold", "10ms")
				.containsEntry("stackDepth", 1000);
			Map<String, Object> uploads = uploads(status);
			assertThat(uploads).containsEntry("lastStatus", 200)
				.containsEntry("failedAttempts", 0)
				.containsEntry("dropped", 0)
				.containsKeys("retried", "bytesSent", "lastSuccess", "queueDepth")
				.as("no failure yet: nulls are left out").doesNotContainKeys("lastFailure", "lastError");
			assertThat(map(uploads, "droppedByReason")).containsOnlyKeys("queue_full", "rejected", "retries_exhausted",
					"shutdown", "quota", "too_old");
			assertThat(((Number) uploads.get("bytesSent")).longValue()).isPositive();
			assertThat(status.get("local")).isNull();

			String health = http.get("/actuator/health").body();
			assertThat(health).contains("\"pyroscope\"");
			Http.Response flameGraph = http.get("/actuator/pyroscope/flamegraph");
			assertThat(flameGraph.status()).isEqualTo(404);
			assertThat(flameGraph.body()).contains("uploaded to " + pyroscope.baseUrl() + "/prefix");
			for (String secret : SECRETS) {
				assertThat(response.body()).as("endpoint").doesNotContain(secret);
				assertThat(health).as("health").doesNotContain(secret);
				assertThat(flameGraph.body()).as("flame graph answer").doesNotContain(secret);
			}
		}
		for (String secret : SECRETS) {
			assertThat(output.toString()).as("log").doesNotContain(secret);
		}
	}

	@Test
	void writeOperationsAreNotReachableUnlessAccessIsUnrestricted() {
		pyroscope.stubFor(post(urlPathEqualTo("/prefix/ingest")).willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = application(
				"--pyroscope.server-address=" + pyroscope.baseUrl() + "/prefix")) {
			Http http = Http.of(context);
			Http.Response stop = http.postJson("/actuator/pyroscope", "{\"action\":\"stop\"}");
			assertThat(stop.status()).isEqualTo(405);
			assertThat(http.get("/actuator/pyroscope").json()).containsEntry("state", "running");
		}
	}

	@Test
	void stopsAndStartsTheRealProfilerAtRuntime() {
		pyroscope.stubFor(post(urlPathEqualTo("/prefix/ingest")).willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = application(
				"--pyroscope.server-address=" + pyroscope.baseUrl() + "/prefix",
				"--management.endpoint.pyroscope.access=unrestricted",
				"--management.endpoint.health.show-details=always")) {
			Http http = Http.of(context);
			CpuBurner.burnCpuInHotMethod(300);

			Http.Response stopped = http.postJson("/actuator/pyroscope", "{\"action\":\"stop\"}");
			assertThat(stopped.status()).isEqualTo(200);
			assertThat(stopped.json()).containsEntry("state", "stopped");
			long uploadsWhenStopped = ((Number) uploads(stopped.json()).get("succeeded")).longValue();
			assertThat(uploadsWhenStopped).as("the last window is handed over on stop").isPositive();
			assertThat(map(http.get("/actuator/health/pyroscope").json(), "details")).containsEntry("state", "stopped");
			assertThat(http.get("/actuator/health/pyroscope").json()).containsEntry("status", "UNKNOWN");
			int requestsWhenStopped = requests().size();

			Http.Response started = http.postJson("/actuator/pyroscope", "{\"action\":\"start\"}");
			assertThat(started.status()).isEqualTo(200);
			assertThat(started.json()).containsEntry("state", "running");
			await("an upload with the hot method after the restart").atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(100);
				List<IngestedProfile> uploads = requests();
				return uploads.subList(requestsWhenStopped, uploads.size())
					.stream()
					.anyMatch((upload) -> upload.samplesIn(CpuBurner.class.getName(), "burnCpuInHotMethod") > 0);
			});
			assertThat(http.get("/actuator/health/pyroscope").json()).containsEntry("status", "UP");

			Http.Response unknown = http.postJson("/actuator/pyroscope", "{\"action\":\"pause\"}");
			assertThat(unknown.status()).isEqualTo(400);
		}
	}

	private static ConfigurableApplicationContext application(String... arguments) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.application.name=endpoint-app", "pyroscope.upload-interval=1s",
					"management.endpoints.web.exposure.include=health,pyroscope", "spring.main.banner-mode=off")
			.run(arguments);
	}

	private static List<IngestedProfile> requests() {
		return IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/prefix/ingest"))));
	}

	private static Map<String, Object> uploads(Map<String, Object> status) {
		return map(status, "uploads");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> json, String key) {
		return (Map<String, Object>) json.get(key);
	}

}

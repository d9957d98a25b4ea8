package dev.pyroscopestarter.internal.actuate.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code pyroscope} health contributor of a real application, profiled for real, uploading to WireMock: a
 * refusing server or a profiler that cannot start shows in the contributor's details and never changes
 * {@code /actuator/health} (200), unless the team opts in; never part of the Kubernetes probes.
 */
class PyroscopeHealthTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final HttpClient client = HttpClient.newHttpClient();

	@Test
	void aRefusingServerLeavesTheApplicationHealthyAndShowsInTheComponentsDetails() {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = application(
				"--pyroscope.server-address=" + pyroscope.baseUrl(),
				"--management.endpoint.health.probes.enabled=true")) {
			int port = port(context);
			await("pyroscope UP after an upload").atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(50);
				Map<String, Object> health = health(port, "/actuator/health/pyroscope");
				return "UP".equals(health.get("status")) && details(health).containsKey("lastSuccess");
			});
			assertThat(details(health(port, "/actuator/health/pyroscope"))).containsEntry("state", "running")
				.containsEntry("mode", "upload")
				.doesNotContainKey("problem");

			pyroscope.stubFor(post(urlPathEqualTo("/ingest"))
				.willReturn(aResponse().withStatus(503).withBody("ingester unavailable")));
			await("the failed upload in the component's details").atMost(Duration.ofSeconds(30))
				.until(() -> details(health(port, "/actuator/health/pyroscope")).containsKey("problem"));
			Map<String, Object> component = health(port, "/actuator/health/pyroscope");
			assertThat(component).containsEntry("status", "UP");
			assertThat(details(component)).containsEntry("problem", "uploads are failing")
				.containsEntry("lastStatus", 503)
				.containsKey("lastFailure");
			assertThat((String) details(component).get("lastError")).contains("ingester unavailable");
			HttpResponse<String> overall = send(port, "/actuator/health");
			assertThat(overall.statusCode()).isEqualTo(200);
			assertThat(JsonParserFactory.getJsonParser().parseMap(overall.body())).containsEntry("status", "UP");

			// A server that rejects what it gets (422) is no different.
			pyroscope.stubFor(post(urlPathEqualTo("/ingest"))
				.willReturn(aResponse().withStatus(422).withBody("profile rejected")));
			await("the rejection in the component's details").atMost(Duration.ofSeconds(30))
				.until(() -> Integer.valueOf(422).equals(details(health(port, "/actuator/health/pyroscope")).get("lastStatus")));
			assertThat(status(port, "/actuator/health")).isEqualTo(200);

			assertThat(status(port, "/actuator/health/liveness")).isEqualTo(200);
			assertThat(status(port, "/actuator/health/readiness")).isEqualTo(200);
			assertThat(body(port, "/actuator/health/liveness")).doesNotContain("pyroscope");
			assertThat(body(port, "/actuator/health/readiness")).doesNotContain("pyroscope");

			pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
			await("no problem once uploads recover").atMost(Duration.ofSeconds(30))
				.until(() -> !details(health(port, "/actuator/health/pyroscope")).containsKey("problem"));
		}
	}

	@Test
	void aTeamThatOptsInSeesFailingUploadsTurnTheApplicationDown() {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest"))
			.willReturn(aResponse().withStatus(503).withBody("ingester unavailable")));
		try (ConfigurableApplicationContext context = application(
				"--pyroscope.server-address=" + pyroscope.baseUrl(), "--pyroscope.health.down-when-failing=true")) {
			int port = port(context);
			await("pyroscope DOWN after a failed upload").atMost(Duration.ofSeconds(30))
				.until(() -> "DOWN".equals(health(port, "/actuator/health/pyroscope").get("status")));
			assertThat(details(health(port, "/actuator/health/pyroscope"))).containsEntry("problem",
					"uploads are failing");
			assertThat(status(port, "/actuator/health")).isEqualTo(503);
		}
	}

	@Test
	void aProfilerThatCannotStartLeavesTheApplicationHealthyWithTheReason() {
		try (ConfigurableApplicationContext context = application(
				"--pyroscope.profiler.extra-arguments=interval=abc")) {
			Map<String, Object> health = health(port(context), "/actuator/health/pyroscope");
			assertThat(health).containsEntry("status", "UP");
			assertThat(details(health)).containsEntry("state", "failed")
				.containsEntry("problem", "profiling failed to start");
			assertThat((String) details(health).get("reason")).contains("Invalid interval");
			assertThat(status(port(context), "/actuator/health")).isEqualTo(200);
		}
	}

	@Test
	void aProfilerThatCannotStartIsDownWhenTheTeamOptsIn() {
		try (ConfigurableApplicationContext context = application(
				"--pyroscope.profiler.extra-arguments=interval=abc", "--pyroscope.health.down-when-failing=true")) {
			assertThat(health(port(context), "/actuator/health/pyroscope")).containsEntry("status", "DOWN");
			assertThat(status(port(context), "/actuator/health")).isEqualTo(503);
		}
	}

	@Test
	void offWithTheStandardProperty() {
		try (ConfigurableApplicationContext context = application("--management.health.pyroscope.enabled=false")) {
			assertThat(status(port(context), "/actuator/health/pyroscope")).isEqualTo(404);
			Map<String, Object> health = health(port(context), "/actuator/health");
			assertThat(health).containsKey("components");
			assertThat(details(health, "components")).doesNotContainKey("pyroscope").containsKey("ping");
		}
	}

	private static ConfigurableApplicationContext application(String... arguments) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "pyroscope.upload-interval=1s", "pyroscope.export.initial-backoff=50ms",
					"pyroscope.export.max-backoff=100ms", "management.endpoint.health.show-details=always",
					"management.endpoint.health.show-components=always", "spring.main.banner-mode=off")
			.run(arguments);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static Map<String, Object> health(int port, String path) {
		return JsonParserFactory.getJsonParser().parseMap(body(port, path));
	}

	private static Map<String, Object> details(Map<String, Object> health) {
		return details(health, "details");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Map<String, Object> health, String key) {
		return (Map<String, Object>) health.getOrDefault(key, Map.of());
	}

	private static String body(int port, String path) {
		return send(port, path).body();
	}

	private static int status(int port, String path) {
		return send(port, path).statusCode();
	}

	private static HttpResponse<String> send(int port, String path) {
		try {
			return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

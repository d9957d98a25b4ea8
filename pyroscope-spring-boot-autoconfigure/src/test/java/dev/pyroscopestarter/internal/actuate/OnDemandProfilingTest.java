package dev.pyroscopestarter.internal.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
 * More profiling on demand, from the actuator endpoint of a real application profiled for real: switched on for a
 * bounded time, reverting by itself, one at a time, ended by a restart of the profiler.
 */
@ExtendWith(OutputCaptureExtension.class)
class OnDemandProfilingTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final String STARTED = "Pyroscope on-demand profiling: wall-clock every 20ms";

	private static final String ENDED = "Pyroscope on-demand profiling ended (wall-clock every 20ms";

	@Test
	void wallClockForABoundedTimeThenBackToTheConfiguredSettingsByItself(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application()) {
			Http http = Http.of(context);
			Http.Response more = http.postJson("/actuator/pyroscope",
					"{\"action\":\"more\",\"wallClock\":\"true\",\"duration\":\"4s\"}");
			assertThat(more.status()).isEqualTo(200);
			Map<String, Object> onDemand = map(map(more.json(), "profiling"), "onDemand");
			assertThat(onDemand).containsEntry("wallClockInterval", "20ms").containsKeys("started", "ends");
			assertThat(map(more.json(), "profiling")).as("the configured settings").doesNotContainKey("wallClockInterval");
			await("wall-clock samples uploaded").atMost(Duration.ofSeconds(30))
				.until(() -> requests().stream().anyMatch((upload) -> !upload.wallClockSamples().isEmpty()));
			await("back to the configured settings").atMost(Duration.ofSeconds(30))
				.until(() -> !map(http.get("/actuator/pyroscope").json(), "profiling").containsKey("onDemand"));
			// Windows that started after it reverted (the one in progress then held wall-clock samples).
			long after = System.currentTimeMillis() / 1000 + 1;
			await("windows after it reverted").atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(50);
				return startingFrom(after).size() >= 2;
			});
			assertThat(startingFrom(after)).allSatisfy((upload) -> assertThat(upload.wallClockSamples()).isEmpty());
			assertThat(http.get("/actuator/pyroscope").json()).containsEntry("state", "running");
			assertThat(count(output, STARTED)).as("logged once when switched on").isEqualTo(1);
			assertThat(count(output, ENDED)).as("logged once when it reverted").isEqualTo(1);
		}
	}

	@Test
	void oneAtATimeWhenTwoOperatorsAskAtOnce() throws Exception {
		try (ConfigurableApplicationContext context = application()) {
			Http http = Http.of(context);
			CyclicBarrier together = new CyclicBarrier(2);
			// Two threads of their own: the common pool may have one worker on a 2-core machine.
			ExecutorService operators = Executors.newFixedThreadPool(2);
			List<Http.Response> answers;
			try {
				List<CompletableFuture<Http.Response>> asks = List.of(
						CompletableFuture.supplyAsync(() -> ask(http, together,
								"{\"action\":\"more\",\"wallClock\":\"true\",\"duration\":\"1m\"}"), operators),
						CompletableFuture.supplyAsync(() -> ask(http, together,
								"{\"action\":\"more\",\"interval\":\"5ms\",\"duration\":\"1m\"}"), operators));
				answers = asks.stream().map((ask) -> ask.orTimeout(30, TimeUnit.SECONDS).join()).toList();
			}
			finally {
				operators.shutdownNow();
			}
			assertThat(answers).extracting(Http.Response::status).containsExactlyInAnyOrder(200, 409);
			Http.Response refused = answers.stream().filter((a) -> a.status() == 409).findFirst().orElseThrow();
			assertThat(refused.body()).contains("already on").contains("one at a time");
			Map<String, Object> onDemand = map(map(http.get("/actuator/pyroscope").json(), "profiling"), "onDemand");
			assertThat(onDemand).isNotNull();
			// An operator ends it early.
			assertThat(http.postJson("/actuator/pyroscope", "{\"action\":\"revert\"}").status()).isEqualTo(200);
			assertThat(map(http.get("/actuator/pyroscope").json(), "profiling")).doesNotContainKey("onDemand");
			assertThat(http.postJson("/actuator/pyroscope", "{\"action\":\"more\",\"lockThreshold\":\"10ms\",\"duration\":\"1m\"}")
				.status()).as("another may ask afterwards").isEqualTo(200);
		}
	}

	@Test
	void aRestartOfTheProfilerInTheMiddleEndsIt(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application()) {
			Http http = Http.of(context);
			assertThat(http.postJson("/actuator/pyroscope", "{\"action\":\"more\",\"wallClock\":\"20ms\",\"duration\":\"3s\"}")
				.status()).isEqualTo(200);
			assertThat(http.postJson("/actuator/pyroscope", "{\"action\":\"stop\"}").json()).containsEntry("state", "stopped");
			Http.Response started = http.postJson("/actuator/pyroscope", "{\"action\":\"start\"}");
			assertThat(started.json()).containsEntry("state", "running");
			assertThat(map(started.json(), "profiling")).doesNotContainKey("onDemand");
			long after = System.currentTimeMillis() / 1000 + 1;
			// Past the time it would have reverted at: the profiler keeps running, with the configured settings.
			await("windows past the on-demand end").atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(50);
				return startingFrom(after).size() >= 5;
			});
			assertThat(startingFrom(after)).allSatisfy((upload) -> assertThat(upload.wallClockSamples()).isEmpty());
			assertThat(http.get("/actuator/pyroscope").json()).containsEntry("state", "running");
			assertThat(output.toString()).contains(ENDED + "): the profiler stopped");
			assertThat(count(output, ENDED)).as("ended once, by the stop").isEqualTo(1);
		}
	}

	@Test
	void badRequestsAreRefusedWithAReason() {
		try (ConfigurableApplicationContext context = application()) {
			Http http = Http.of(context);
			Http.Response tooLong = http.postJson("/actuator/pyroscope",
					"{\"action\":\"more\",\"wallClock\":\"true\",\"duration\":\"1h\"}");
			assertThat(tooLong.status()).isEqualTo(400);
			assertThat(tooLong.body()).contains("at most 15m").contains("pyroscope.profiler.on-demand.max-duration");
			assertThat(http.postJson("/actuator/pyroscope", "{\"action\":\"more\",\"wallClock\":\"true\"}").body())
				.contains("needs a duration");
			assertThat(http.postJson("/actuator/pyroscope", "{\"action\":\"more\",\"duration\":\"1m\"}").body())
				.contains("nothing to switch on");
			assertThat(http.postJson("/actuator/pyroscope", "{\"action\":\"more\",\"interval\":\"soon\",\"duration\":\"1m\"}")
				.status()).isEqualTo(400);
			assertThat(map(http.get("/actuator/pyroscope").json(), "profiling")).doesNotContainKey("onDemand");
		}
	}

	private static List<IngestedProfile> startingFrom(long epochSecond) {
		return requests().stream().filter((upload) -> Long.parseLong(upload.query("from")) >= epochSecond).toList();
	}

	private static int count(CapturedOutput output, String text) {
		return output.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1;
	}

	private static Http.Response ask(Http http, CyclicBarrier together, String json) {
		try {
			together.await(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return http.postJson("/actuator/pyroscope", json);
	}

	private static ConfigurableApplicationContext application() {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.application.name=on-demand-app", "pyroscope.upload-interval=1s",
					"pyroscope.server-address=" + pyroscope.baseUrl(),
					"management.endpoints.web.exposure.include=health,pyroscope",
					"management.endpoint.pyroscope.access=unrestricted", "spring.main.banner-mode=off")
			.run();
	}

	private static List<IngestedProfile> requests() {
		return IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest"))));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> json, String key) {
		return (Map<String, Object>) json.get(key);
	}

}

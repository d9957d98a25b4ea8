package dev.pyroscopestarter.internal.profiler;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.UploadFigures;
import dev.pyroscopestarter.testsupport.CpuBurner;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault matrix: a real web application, profiled for real, against a Pyroscope server (or the way to it) that
 * fails in each way it can. In every case the application keeps answering, the upload queue stays within its byte
 * cap, every profile handed over is delivered, dropped or waiting, shutdown stays bounded, and none of the canary
 * secrets shows in the log, the actuator or health.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationKeepsServingTest {

	private static final String TOKEN = "canary-token-7f3a";

	private static final String HEADER_VALUE = "canary-header-91c2";

	private static final String TENANT = "canary-tenant-5d0e";

	private static final String PROXY_PASSWORD = "canary-proxy-2b8f";

	private static final long QUEUE_MAX_BYTES = 2L << 20;

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@RegisterExtension
	static WireMockExtension elsewhere = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	static Stream<Arguments> faults() {
		return Stream.of(stub("500", (r) -> r.withStatus(500).withBody("internal error")),
				stub("503 with Retry-After", (r) -> r.withStatus(503).withHeader("Retry-After", "1")),
				stub("429 with Retry-After", (r) -> r.withStatus(429).withHeader("Retry-After", "1")),
				stub("400", (r) -> r.withStatus(400).withBody("bad name")), stub("401", (r) -> r.withStatus(401)),
				stub("403", (r) -> r.withStatus(403)), stub("404", (r) -> r.withStatus(404)),
				stub("413", (r) -> r.withStatus(413)), stub("422", (r) -> r.withStatus(422)),
				stub("slow", (r) -> r.withStatus(200).withFixedDelay(5_000)),
				stub("connection reset", (r) -> r.withFault(Fault.CONNECTION_RESET_BY_PEER)),
				stub("truncated response", (r) -> r.withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
				stub("empty response", (r) -> r.withFault(Fault.EMPTY_RESPONSE)),
				stub("huge error body", (r) -> r.withStatus(500).withBody("x".repeat(8 << 20))),
				stub("redirect elsewhere",
						(r) -> r.withStatus(307).withHeader("Location", elsewhere.baseUrl() + "/ingest")),
				Arguments.of("server down", (Function<String, List<String>>) (address) -> List
					.of("--pyroscope.server-address=" + closedPortAddress())),
				Arguments.of("unknown host", (Function<String, List<String>>) (address) -> List
					.of("--pyroscope.server-address=http://pyroscope.invalid:4040")),
				Arguments.of("TLS to a plain HTTP port", (Function<String, List<String>>) (address) -> List
					.of("--pyroscope.server-address=" + address.replace("http://", "https://"))),
				Arguments.of("proxy refusing the credentials", (Function<String, List<String>>) (address) -> {
					elsewhere.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(407)
						.withHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")));
					return List.of("--pyroscope.server-address=http://pyroscope.invalid:4040",
							"--pyroscope.proxy.host=localhost", "--pyroscope.proxy.port=" + elsewhere.getPort(),
							"--pyroscope.proxy.username=squid", "--pyroscope.proxy.password=" + PROXY_PASSWORD);
				}));
	}

	private static Arguments stub(String name, Function<ResponseDefinitionBuilder, ResponseDefinitionBuilder> response) {
		return Arguments.of(name, (Function<String, List<String>>) (address) -> {
			pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(response.apply(aResponse())));
			return List.of("--pyroscope.server-address=" + address);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("faults")
	void servesRequestsWhileUploadsFail(String fault, Function<String, List<String>> setUp, CapturedOutput output)
			throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--pyroscope.upload-interval=1s",
				"--pyroscope.export.timeout=500ms", "--pyroscope.export.initial-backoff=50ms",
				"--pyroscope.export.max-backoff=200ms", "--pyroscope.shutdown.flush-timeout=1s",
				"--pyroscope.export.queue-max-size=" + QUEUE_MAX_BYTES + "B", "--pyroscope.auth-token=" + TOKEN,
				"--pyroscope.headers.X-Api-Key=" + HEADER_VALUE, "--pyroscope.tenant-id=" + TENANT,
				"--management.endpoints.web.exposure.include=pyroscope,health",
				"--management.endpoint.health.show-details=always", "--spring.main.banner-mode=off"));
		arguments.addAll(setUp.apply(pyroscope.baseUrl()));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApp.class)
			.run(arguments.toArray(String[]::new));
		IngestExporter exporter = context.getBean(IngestExporter.class);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		String actuator;
		String health;
		try {
			await("an upload attempt failed").atMost(Duration.ofSeconds(30)).until(() -> {
				assertThat(get(client, port, "/work")).isEqualTo("served");
				assertThat(exporter.figures().queueBytes()).isLessThanOrEqualTo(QUEUE_MAX_BYTES);
				return exporter.figures().failedAttempts() > 0;
			});
			for (int i = 0; i < 20; i++) {
				assertThat(get(client, port, "/work")).isEqualTo("served");
				assertThat(exporter.figures().queueBytes()).isLessThanOrEqualTo(QUEUE_MAX_BYTES);
			}
			assertThat(exporter.figures().succeeded()).isZero();
			actuator = get(client, port, "/actuator/pyroscope");
			health = get(client, port, "/actuator/health/pyroscope");
			assertThat(actuator).contains("\"state\":\"running\"");
			// Shown, and never the reason the instance is taken out of service.
			assertThat(health).contains("\"problem\":\"uploads are failing\"").contains("\"status\":\"UP\"");
		}
		finally {
			// Shutdown ends whatever the server does: the flush timeout (1s) gives up what is left. How exactly that
			// deadline is kept is UploadQueueTest's, on a fake clock; here a deadline far above it catches a hang
			// without failing on a busy machine.
			CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
			await("shutdown").atMost(Duration.ofSeconds(60)).until(closed::isDone);
			closed.join();
		}
		UploadFigures after = exporter.figures();
		assertThat(after.succeeded()).isZero();
		assertThat(after.queueDepth()).isZero();
		assertThat(after.queueBytes()).isZero();
		assertThat(after.received()).as("every profile accounted for").isPositive()
			.isEqualTo(after.succeeded() + after.droppedTotal());
		assertThat(elsewhere.getAllServeEvents()).as("nothing followed a redirect")
			.allMatch((event) -> event.getResponse().getStatus() == 407);
		for (String canary : List.of(TOKEN, HEADER_VALUE, TENANT, PROXY_PASSWORD)) {
			assertThat(output.toString()).as("the log").doesNotContain(canary);
			assertThat(actuator).as("the actuator").doesNotContain(canary);
			assertThat(health).as("health").doesNotContain(canary);
		}
	}

	private static String closedPortAddress() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String get(HttpClient client, int port, String path) {
		try {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
						.timeout(Duration.ofSeconds(5))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200 || path.contains("health")) ? response.body()
					: "status " + response.statusCode();
		}
		catch (Exception ex) {
			return ex.toString();
		}
	}

	@SpringBootApplication
	@RestController
	static class WebApp {

		@GetMapping("/work")
		String work() {
			CpuBurner.burnCpuInHotMethod(5);
			return "served";
		}

	}

}

package dev.pyroscopestarter.profiler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.export.ingest.IngestExporter;
import dev.pyroscopestarter.export.ingest.UploadFigures;
import dev.pyroscopestarter.testsupport.CpuBurner;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real web application, profiled for real, keeps answering its own requests while the Pyroscope server
 * fails in each of the ways a server can fail; and it still shuts down promptly.
 */
class ApplicationKeepsServingTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	enum ServerFault {

		ERRORS((r) -> r.withStatus(500)), RATE_LIMITED((r) -> r.withStatus(429)), UNAUTHORIZED((r) -> r.withStatus(401)),
		SLOW((r) -> r.withStatus(200).withFixedDelay(10_000)), RESET((r) -> r.withFault(Fault.CONNECTION_RESET_BY_PEER));

		final Function<ResponseDefinitionBuilder, ResponseDefinitionBuilder> response;

		ServerFault(Function<ResponseDefinitionBuilder, ResponseDefinitionBuilder> response) {
			this.response = response;
		}

	}

	@ParameterizedTest
	@EnumSource(ServerFault.class)
	void servesRequestsWhileUploadsFail(ServerFault fault) throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(fault.response.apply(aResponse())));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WebApp.class).run("--server.port=0",
				"--pyroscope.server-address=" + pyroscope.baseUrl(), "--pyroscope.upload-interval=1s",
				"--pyroscope.export.timeout=500ms", "--pyroscope.export.initial-backoff=50ms",
				"--pyroscope.export.max-backoff=200ms", "--pyroscope.shutdown.flush-timeout=1s",
				"--spring.main.banner-mode=off");
		PyroscopeProfiler profiler = context.getBean(PyroscopeProfiler.class);
		IngestExporter exporter = context.getBean(IngestExporter.class);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		try {
			await("an upload attempt failed").atMost(Duration.ofSeconds(30)).until(() -> {
				assertThat(get(client, port)).isEqualTo("served");
				return exporter.figures().failedAttempts() > 0;
			});
			for (int i = 0; i < 20; i++) {
				assertThat(get(client, port)).isEqualTo("served");
			}
			UploadFigures figures = exporter.figures();
			assertThat(figures.succeeded()).isZero();
			assertThat(figures.queueDepth()).isLessThanOrEqualTo(9);
		}
		finally {
			long started = System.nanoTime();
			context.close();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("shutdown bounded by the flush timeout")
				.isLessThan(Duration.ofSeconds(8));
		}
		UploadFigures after = exporter.figures();
		assertThat(after.succeeded()).isZero();
		assertThat(after.queueDepth()).isZero();
		assertThat(after.droppedTotal()).as("every profile accounted for").isPositive();
	}

	private static String get(HttpClient client, int port) {
		try {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : "status " + response.statusCode();
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

package dev.pyroscopestarter.labels;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.labels.reactor.ReactiveLabels;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.LabelAttribution;
import dev.pyroscopestarter.testsupport.SampleCounts;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures what Pyroscope would show for a WebFlux (Netty) application: concurrent requests to an annotated and a
 * functional route burn CPU on the event loop, wait without blocking (a delay), then burn CPU after the timer and on
 * {@code boundedElastic}, and call a {@code @ProfileTag} method returning a {@code Mono} or a chain labelled with
 * {@code ReactiveLabels}; meanwhile unlabelled work runs on the same event loops and schedulers. The uploaded JFR is
 * decoded, each sample's context looked up in the upload's labels, and each piece of work must carry exactly its
 * labels in at least 99% of its samples: with Reactor's automatic context propagation off, as the starter leaves
 * it, and on ({@code spring.reactor.context-propagation=auto}), as applications set it for Micrometer Tracing.
 */
class WebFluxLabelAttributionIntegrationTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final String WORK = Work.class.getName();

	private static final List<String> PIECES = List.of("burnOnEventLoop", "burnAfterDelay", "burnOnBoundedElastic",
			"burnInTaggedRide", "burnInQuoteOnEventLoop", "burnInQuoteOnBoundedElastic", "burnInLabelledQuote", "burnOnEventLoopUnlabelled",
			"burnOnBoundedElasticUnlabelled", "burnAfterDelayUnlabelled", "burnInFilter");

	/** Burned per piece and request: enough samples per piece on a loaded 2-core machine. */
	private static final long MILLIS = 10;

	@ParameterizedTest(name = "automatic context propagation: {0}")
	@ValueSource(booleans = { false, true })
	void everyPieceOfAReactiveRequestCarriesExactlyItsLabels(boolean automaticPropagation) throws Exception {
		List<IngestedProfile> uploads = runLoad(4, automaticPropagation);
		Map<String, String> ride = Map.of("http_method", "GET", "http_route", "/rides/{vehicle}", "tenant", "acme");
		Map<String, String> quote = Map.of("http_method", "GET", "http_route", "/quotes/{zone}", "tenant", "acme");
		Map<String, Map<String, String>> expected = Map.ofEntries(
				Map.entry("burnOnEventLoop", ride),
				Map.entry("burnAfterDelay", ride),
				Map.entry("burnOnBoundedElastic", ride),
				Map.entry("burnInTaggedRide", with(ride, "vehicle", "car")),
				Map.entry("burnInQuoteOnEventLoop", quote),
				Map.entry("burnInQuoteOnBoundedElastic", quote),
				Map.entry("burnInLabelledQuote", with(quote, "zone", "north")),
				Map.entry("burnOnEventLoopUnlabelled", Map.of()),
				Map.entry("burnOnBoundedElasticUnlabelled", Map.of()),
				Map.entry("burnAfterDelayUnlabelled", Map.of()),
				// Filters run before the handler is found: unlabelled, as servlet filters on MVC.
				Map.entry("burnInFilter", Map.of()));
		assertThat(expected).containsOnlyKeys(PIECES);
		List<LabelAttribution> attributions = new ArrayList<>();
		expected.forEach((method, labels) -> attributions.add(LabelAttribution.of(uploads, WORK, method, labels)));
		attributions.forEach((attribution) -> System.out
			.println("[webflux, automatic propagation " + automaticPropagation + "] " + attribution));
		for (LabelAttribution attribution : attributions) {
			assertThat(attribution.total()).as(attribution.toString()).isGreaterThanOrEqualTo(30);
			assertThat(attribution.exactShare()).as(attribution.toString()).isGreaterThanOrEqualTo(0.99);
		}
	}

	private static List<IngestedProfile> runLoad(int clients, boolean automaticPropagation) throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger completed = new AtomicInteger();
		ExecutorService load = Executors.newFixedThreadPool(clients + 2);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReactiveRideApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("spring.application.name=rides", "server.port=0", "pyroscope.upload-interval=1s",
					"pyroscope.server-address=" + pyroscope.baseUrl(),
					"pyroscope.web.header-labels.tenant=X-Tenant-Id",
					// What applications set for Micrometer Tracing on WebFlux; Spring Boot turns the hook on.
					"spring.reactor.context-propagation=" + (automaticPropagation ? "auto" : "limited"))
			.run()) {
			assertThat(Hooks.isAutomaticContextPropagationEnabled()).isEqualTo(automaticPropagation);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newHttpClient();
			List<Future<?>> futures = new ArrayList<>();
			// Unlabelled work on the threads that run the requests' pieces.
			futures.add(load.submit(() -> {
				while (running.get()) {
					for (EventExecutor loop : HttpResources.get().onServer(false)) {
						loop.submit(() -> Work.burnOnEventLoopUnlabelled(MILLIS)).get(10, TimeUnit.SECONDS);
					}
				}
				return null;
			}));
			futures.add(load.submit(() -> {
				while (running.get()) {
					Mono.fromRunnable(() -> Work.burnOnBoundedElasticUnlabelled(3 * MILLIS))
						.subscribeOn(Schedulers.boundedElastic())
						.block(Duration.ofSeconds(10));
					Mono.delay(Duration.ofMillis(1))
						.doOnNext((tick) -> Work.burnAfterDelayUnlabelled(3 * MILLIS))
						.block(Duration.ofSeconds(10));
				}
				return null;
			}));
			for (int c = 0; c < clients; c++) {
				int client = c;
				futures.add(load.submit(() -> {
					for (int i = client; running.get(); i++) {
						String path = (i % 2 == 0) ? "/rides/car" : "/quotes/north";
						HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
							.header("X-Tenant-Id", "acme")
							.build();
						HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
						assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
						completed.incrementAndGet();
					}
					return null;
				}));
			}
			// Until every piece was sampled often enough: how long that takes depends on how loaded the machine is.
			SampleCounts counts = new SampleCounts(WORK, PIECES);
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> counts.fewest(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest")))) >= 40);
			running.set(false);
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			running.set(false);
			load.shutdownNow();
			// Spring Boot turns the JVM-wide hook on and never off: leave nothing behind for other tests.
			Hooks.disableAutomaticContextPropagation();
		}
		assertThat(completed.get()).isGreaterThan(30);
		return IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest"))));
	}

	private static Map<String, String> with(Map<String, String> base, String name, String value) {
		Map<String, String> labels = new TreeMap<>(base);
		labels.put(name, value);
		return labels;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReactiveRideApplication {

		@Bean
		RideService rideService() {
			return new RideService();
		}

		@Bean
		RideController rideController(RideService rides) {
			return new RideController(rides);
		}

		/** An application's filter (such as Spring Security's), run for every request before its handler. */
		@Bean
		WebFilter burningFilter() {
			return (exchange, chain) -> {
				Work.burnInFilter(MILLIS / 2);
				return chain.filter(exchange);
			};
		}

		@Bean
		RouterFunction<ServerResponse> quotes(ReactiveLabels reactiveLabels) {
			return RouterFunctions.route()
				.GET("/quotes/{zone}", (request) -> Mono.fromRunnable(() -> Work.burnInQuoteOnEventLoop(MILLIS))
					.then(Mono.delay(Duration.ofMillis(2)))
					.publishOn(Schedulers.boundedElastic())
					.doOnNext((tick) -> Work.burnInQuoteOnBoundedElastic(MILLIS))
					// A reactive chain labelled with the API, run on another scheduler.
					.then(reactiveLabels.label(Mono.fromRunnable(() -> Work.burnInLabelledQuote(MILLIS))
						.subscribeOn(Schedulers.parallel()), "zone", request.pathVariable("zone")))
					.then(ServerResponse.ok().bodyValue(request.pathVariable("zone"))))
				.build();
		}

	}

	@RestController
	static class RideController {

		private final RideService rides;

		RideController(RideService rides) {
			this.rides = rides;
		}

		@GetMapping("/rides/{vehicle}")
		Mono<String> ride(@PathVariable String vehicle) {
			return Mono.fromRunnable(() -> Work.burnOnEventLoop(MILLIS))
				// Waits without blocking: the rest runs on a timer thread, then on boundedElastic.
				.then(Mono.delay(Duration.ofMillis(2)))
				.doOnNext((tick) -> Work.burnAfterDelay(MILLIS))
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((tick) -> Work.burnOnBoundedElastic(MILLIS))
				.then(this.rides.ride(vehicle))
				.thenReturn(vehicle);
		}

	}

	static class RideService {

		@ProfileTag(key = "vehicle", expression = "#vehicle")
		public Mono<Void> ride(String vehicle) {
			// Assembled in the handler, run later on boundedElastic: the labels must be there when it runs.
			return Mono.<Void>fromRunnable(() -> Work.burnInTaggedRide(MILLIS)).subscribeOn(Schedulers.boundedElastic());
		}

	}

	/** CPU work under names the attribution can find on the samples' stacks. */
	static final class Work {

		private static volatile long sink;

		static void burnOnEventLoop(long millis) {
			spin(millis);
		}

		static void burnAfterDelay(long millis) {
			spin(millis);
		}

		static void burnOnBoundedElastic(long millis) {
			spin(millis);
		}

		static void burnInTaggedRide(long millis) {
			spin(millis);
		}

		static void burnInQuoteOnEventLoop(long millis) {
			spin(millis);
		}

		static void burnInQuoteOnBoundedElastic(long millis) {
			spin(millis);
		}

		static void burnInLabelledQuote(long millis) {
			spin(millis);
		}

		static void burnOnEventLoopUnlabelled(long millis) {
			spin(millis);
		}

		static void burnOnBoundedElasticUnlabelled(long millis) {
			spin(millis);
		}

		static void burnAfterDelayUnlabelled(long millis) {
			spin(millis);
		}

		static void burnInFilter(long millis) {
			spin(millis);
		}

		// The loop is CpuBurner's: the tests look for the method that calls it on each sample's stack.
		private static void spin(long millis) {
			sink = CpuBurner.burn(millis);
		}

	}

}

package dev.pyroscopestarter.internal.labels.web.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfilingLabels;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebFlux requests carry their route, method and header labels from the handler on, on every thread their chain
 * runs on (the event loop, a timer, {@code boundedElastic}), and those threads carry nothing of them afterwards;
 * filters run unlabelled, as servlet filters do on MVC.
 */
class ReactiveRouteLabelsTest {

	private static ConfigurableApplicationContext context;

	private static HttpClient http;

	private static int port;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(ReactiveApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "pyroscope.web.header-labels.tenant=X-Tenant-Id")
			.run();
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
		http = HttpClient.newHttpClient();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void anAnnotatedHandlersPiecesCarryItsLabelsOnEveryThread() throws Exception {
		Pieces pieces = context.getBean(Pieces.class);
		pieces.clear();
		assertThat(get("/orders/42")).isEqualTo("42");
		Map<String, String> expected = Map.of("http_method", "GET", "http_route", "/orders/{id}", "tenant", "acme");
		assertThat(pieces.seen()).containsOnlyKeys("filter", "handler", "after delay", "on boundedElastic",
				"tagged ride");
		assertThat(pieces.seen().get("filter")).as("a WebFilter runs before the handler is found: unlabelled")
			.isEmpty();
		assertThat(pieces.seen().get("handler")).isEqualTo(expected);
		assertThat(pieces.seen().get("after delay")).isEqualTo(expected);
		assertThat(pieces.seen().get("on boundedElastic")).isEqualTo(expected);
		assertThat(pieces.seen().get("tagged ride")).isEqualTo(with(expected, "vehicle", "car"));
		assertThat(pieces.threads()).anyMatch((name) -> name.startsWith("reactor-http"))
			.anyMatch((name) -> name.startsWith("parallel"))
			.anyMatch((name) -> name.startsWith("boundedElastic"));
	}

	@Test
	void aFunctionalRouteCarriesItsPattern() throws Exception {
		Pieces pieces = context.getBean(Pieces.class);
		pieces.clear();
		assertThat(get("/quotes/north")).isEqualTo("north");
		Map<String, String> expected = Map.of("http_method", "GET", "http_route", "/quotes/{zone}", "tenant", "acme");
		assertThat(pieces.seen()).containsOnlyKeys("filter", "quote", "quote after delay");
		assertThat(pieces.seen().get("filter")).isEmpty();
		assertThat(pieces.seen().get("quote")).isEqualTo(expected);
		assertThat(pieces.seen().get("quote after delay")).isEqualTo(expected);
	}

	@Test
	void threadsThatRanLabelledPiecesCarryNothingAfterwards() throws Exception {
		Pieces pieces = context.getBean(Pieces.class);
		ProfilingLabels labels = context.getBean(ProfilingLabels.class);
		for (int i = 0; i < 20; i++) {
			get("/orders/" + i);
			get("/quotes/south");
		}
		EventLoopGroup loops = HttpResources.get().onServer(false);
		int loopThreads = 0;
		for (EventExecutor loop : loops) {
			assertThat(loop.submit(labels::current).get(10, TimeUnit.SECONDS)).isEmpty();
			loopThreads++;
		}
		assertThat(loopThreads).isPositive();
		for (int i = 0; i < 50; i++) {
			assertThat(Mono.fromCallable(labels::current).subscribeOn(Schedulers.boundedElastic()).block()).isEmpty();
			assertThat(Mono.delay(Duration.ofMillis(1)).map((tick) -> labels.current()).block()).isEmpty();
		}
		assertThat(pieces.threads()).isNotEmpty();
	}

	private static String get(String path) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("X-Tenant-Id", "acme")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private static Map<String, String> with(Map<String, String> base, String name, String value) {
		Map<String, String> labels = new java.util.TreeMap<>(base);
		labels.put(name, value);
		return labels;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReactiveApplication {

		@Bean
		Pieces pieces(ProfilingLabels labels) {
			return new Pieces(labels);
		}

		@Bean
		Rides rides(Pieces pieces) {
			return new Rides(pieces);
		}

		@Bean
		OrderController orderController(Pieces pieces, Rides rides) {
			return new OrderController(pieces, rides);
		}

		/** An application's filter, such as Spring Security's: it runs before the handler is found. */
		@Bean
		WebFilter recordingFilter(Pieces pieces) {
			return (exchange, chain) -> {
				pieces.record("filter");
				return chain.filter(exchange);
			};
		}

		@Bean
		RouterFunction<ServerResponse> quotes(Pieces pieces) {
			return RouterFunctions.route()
				.GET("/quotes/{zone}", (request) -> {
					pieces.record("quote");
					return Mono.delay(Duration.ofMillis(5))
						.doOnNext((tick) -> pieces.record("quote after delay"))
						.then(ServerResponse.ok().bodyValue(request.pathVariable("zone")));
				})
				.build();
		}

	}

	@RestController
	static class OrderController {

		private final Pieces pieces;

		private final Rides rides;

		OrderController(Pieces pieces, Rides rides) {
			this.pieces = pieces;
			this.rides = rides;
		}

		@GetMapping("/orders/{id}")
		Mono<String> order(@PathVariable String id) {
			this.pieces.record("handler");
			return Mono.delay(Duration.ofMillis(5))
				.doOnNext((tick) -> this.pieces.record("after delay"))
				.publishOn(Schedulers.boundedElastic())
				.doOnNext((tick) -> this.pieces.record("on boundedElastic"))
				.then(this.rides.car())
				.thenReturn(id);
		}

	}

	@ProfileTag(key = "vehicle", value = "car")
	static class Rides {

		private final Pieces pieces;

		Rides(Pieces pieces) {
			this.pieces = pieces;
		}

		public Mono<Void> car() {
			return Mono.fromRunnable(() -> this.pieces.record("tagged ride")).subscribeOn(Schedulers.boundedElastic()).then();
		}

	}

	/** The labels each piece of work saw, and the threads it ran on. */
	static class Pieces {

		private final ProfilingLabels labels;

		private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();

		private final List<String> threads = new CopyOnWriteArrayList<>();

		Pieces(ProfilingLabels labels) {
			this.labels = labels;
		}

		void record(String piece) {
			this.seen.put(piece, this.labels.current());
			this.threads.add(Thread.currentThread().getName());
		}

		Map<String, Map<String, String>> seen() {
			return this.seen;
		}

		Set<String> threads() {
			return Set.copyOf(this.threads);
		}

		void clear() {
			this.seen.clear();
			this.threads.clear();
		}

	}

}

package dev.pyroscopestarter.internal.labels.web.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.labels.reactor.DefaultReactiveLabels;
import dev.pyroscopestarter.internal.labels.reactor.LabelsScheduleHook;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.reactor.ReactiveLabels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler adapter on its own: the handler runs with the request's labels, its result is handled with them on
 * whichever thread it arrives, and the thread has exactly its own labels back afterwards, request after request.
 */
class RouteLabelsHandlerAdapterTest {

	private static final Map<String, String> RIDE = Map.of("http_method", "GET", "http_route", "/rides/{vehicle}",
			"tenant", "acme");

	private final LabelStack stack = new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL, VirtualThreadHooks.shared());

	private final LabelRules rules = new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)),
			128);

	private final ReactiveRouteLabels labels = new ReactiveRouteLabels(this.stack, this.rules, "http_route",
			"http_method", Map.of("tenant", "X-Tenant-Id"));

	private final AtomicReference<LabelSet> inHandler = new AtomicReference<>();

	/** What the handler does with the request; by default, records its labels and returns a result at once. */
	private Function<ServerWebExchange, Mono<HandlerResult>> handling = (exchange) -> Mono.fromCallable(() -> {
		this.inHandler.set(this.stack.current());
		return new HandlerResult("handler", "done", returnType());
	});

	private final HandlerAdapter handlers = new HandlerAdapter() {

		@Override
		public boolean supports(Object handler) {
			return handler instanceof String;
		}

		@Override
		public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
			return RouteLabelsHandlerAdapterTest.this.handling.apply(exchange);
		}

	};

	private final RouteLabelsHandlerAdapter adapter = new RouteLabelsHandlerAdapter(this.labels,
			() -> List.of(this.handlers));

	// A thread no Reactor scheduler runs: what a Netty event loop is after a non-blocking call.
	private final ExecutorService eventLoop = Executors.newSingleThreadExecutor();

	@BeforeEach
	void propagate() {
		new LabelsScheduleHook(this.stack).install();
	}

	@AfterEach
	void stopPropagating() {
		LabelsScheduleHook.remove();
		this.eventLoop.shutdownNow();
	}

	@Test
	void theHandlerRunsWithTheRequestsLabelsAndTheThreadGetsItsOwnBack() {
		for (int i = 0; i < 3; i++) {
			ServerWebExchange exchange = ride("/rides/" + i);
			assertThat(this.adapter.supports("handler")).isTrue();
			assertThat(this.adapter.supports(42)).isFalse();
			this.adapter.handle(exchange, "handler").then().block(Duration.ofSeconds(5));
			assertThat(this.inHandler.get().asMap()).isEqualTo(RIDE);
			assertThat(this.stack.current().isEmpty()).as("labels left on the thread: " + this.stack.current())
				.isTrue();
		}
	}

	@Test
	void aSecondSubscriptionIsHandledAndLabelledAsTheFirst() {
		Mono<HandlerResult> handling = this.adapter.handle(ride("/rides/1"), "handler");
		for (int i = 0; i < 2; i++) {
			this.inHandler.set(LabelSet.EMPTY);
			assertThat(handling.block(Duration.ofSeconds(5))).isNotNull();
			assertThat(this.inHandler.get().asMap()).isEqualTo(RIDE);
		}
	}

	@Test
	void theRequestsLabelsMergeOntoThoseOfTheSubscribingThread() {
		try (LabelScope scope = this.stack.enterMerged(LabelSet.of(Map.of("region", "eu")))) {
			this.adapter.handle(ride("/rides/1"), "handler").then().block(Duration.ofSeconds(5));
			assertThat(this.stack.current().asMap()).isEqualTo(Map.of("region", "eu"));
		}
		assertThat(this.inHandler.get().asMap()).isEqualTo(with(RIDE, "region", "eu"));
	}

	@Test
	void aResultArrivingOnAnotherThreadIsHandledWithTheRequestsLabels() throws Exception {
		CompletableFuture<String> response = new CompletableFuture<>();
		this.handling = (exchange) -> Mono.fromFuture(response)
			.map((body) -> new HandlerResult("handler", body, returnType()));
		AtomicReference<LabelSet> handlingResult = new AtomicReference<>();
		CompletableFuture<Void> done = this.adapter.handle(ride("/rides/1"), "handler")
			.flatMap((result) -> Mono.fromRunnable(() -> handlingResult.set(this.stack.current())))
			.then()
			.toFuture();
		// The response of a non-blocking call arrives on a thread no Reactor scheduler runs.
		this.eventLoop.execute(() -> response.complete("body"));
		done.get(10, TimeUnit.SECONDS);
		assertThat(handlingResult.get().asMap()).isEqualTo(RIDE);
		assertThat(onEventLoop(() -> this.stack.current().isEmpty())).as("labels left on the event loop").isTrue();
	}

	@Test
	void nestedLabelsSubscribedOnAThreadCarryingNoneMergeOntoTheRequestsLabels() throws Exception {
		ReactiveLabels reactive = new DefaultReactiveLabels(this.stack, this.rules);
		CompletableFuture<String> response = new CompletableFuture<>();
		AtomicReference<LabelSet> nested = new AtomicReference<>();
		// The labelled Mono is subscribed where the response arrives, a thread that carries no labels: only the
		// request's Reactor context knows them.
		this.handling = (exchange) -> Mono.fromFuture(response)
			.flatMap((body) -> reactive.label(Mono.fromRunnable(() -> nested.set(this.stack.current())), "vehicle",
					"car"))
			.then(Mono.fromCallable(() -> new HandlerResult("handler", "done", returnType())));
		CompletableFuture<Void> done = this.adapter.handle(ride("/rides/1"), "handler").then().toFuture();
		this.eventLoop.execute(() -> response.complete("body"));
		done.get(10, TimeUnit.SECONDS);
		assertThat(nested.get().asMap()).isEqualTo(with(RIDE, "vehicle", "car"));
		assertThat(onEventLoop(() -> this.stack.current().isEmpty())).as("labels left on the event loop").isTrue();
	}

	@Test
	void anUnknownMethodIsLabelledOtherAndNoRouteNoRouteLabel() {
		ServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(org.springframework.http.HttpMethod.valueOf("BREW"), "/pot"));
		this.adapter.handle(exchange, "handler").then().block(Duration.ofSeconds(5));
		assertThat(this.inHandler.get().asMap()).isEqualTo(Map.of("http_method", "other"));
	}

	private <T> T onEventLoop(java.util.concurrent.Callable<T> task) throws Exception {
		return this.eventLoop.submit(task).get(10, TimeUnit.SECONDS);
	}

	private static ServerWebExchange ride(String path) {
		ServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get(path).header("X-Tenant-Id", "acme"));
		exchange.getAttributes()
			.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
					PathPatternParser.defaultInstance.parse("/rides/{vehicle}"));
		return exchange;
	}

	private static Map<String, String> with(Map<String, String> base, String name, String value) {
		Map<String, String> labels = new java.util.TreeMap<>(base);
		labels.put(name, value);
		return labels;
	}

	private static MethodParameter returnType() {
		try {
			return new MethodParameter(Object.class.getMethod("toString"), -1);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

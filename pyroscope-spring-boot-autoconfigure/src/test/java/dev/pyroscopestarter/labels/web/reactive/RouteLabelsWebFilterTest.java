package dev.pyroscopestarter.labels.web.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.pyroscopestarter.agent.NativeContexts;
import dev.pyroscopestarter.labels.reactor.LabelsScheduleHook;
import dev.pyroscopestarter.labels.support.CardinalityGuard;
import dev.pyroscopestarter.labels.support.LabelRules;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.support.LabelStack;
import dev.pyroscopestarter.labels.support.VirtualThreadMode;
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
 * The filter and the handler adapter on their own: the handler runs with the request's labels, and the thread has
 * exactly its own labels back afterwards, request after request.
 */
class RouteLabelsWebFilterTest {

	private final LabelStack stack = new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL);

	private final LabelRules rules = new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)),
			128);

	private final ReactiveRouteLabels labels = new ReactiveRouteLabels(this.stack, this.rules, "http_route",
			"http_method", Map.of("tenant", "X-Tenant-Id"));

	private final AtomicReference<LabelSet> inHandler = new AtomicReference<>();

	private final HandlerAdapter handlers = new HandlerAdapter() {

		@Override
		public boolean supports(Object handler) {
			return handler instanceof String;
		}

		@Override
		public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
			return Mono.fromCallable(() -> {
				RouteLabelsWebFilterTest.this.inHandler.set(RouteLabelsWebFilterTest.this.stack.current());
				return new HandlerResult(handler, "done", returnType());
			});
		}

	};

	private final RouteLabelsHandlerAdapter adapter = new RouteLabelsHandlerAdapter(this.labels,
			() -> List.of(this.handlers));

	@BeforeEach
	void propagate() {
		new LabelsScheduleHook(this.stack).install();
	}

	@AfterEach
	void stopPropagating() {
		LabelsScheduleHook.remove();
	}

	@Test
	void theHandlerRunsWithTheRequestsLabelsAndTheThreadGetsItsOwnBack() {
		RouteLabelsWebFilter filter = new RouteLabelsWebFilter(this.labels);
		for (int i = 0; i < 3; i++) {
			ServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.post("/rides/" + i).header("X-Tenant-Id", "acme"));
			exchange.getAttributes()
				.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
						PathPatternParser.defaultInstance.parse("/rides/{vehicle}"));
			assertThat(this.adapter.supports("handler")).isTrue();
			assertThat(this.adapter.supports(42)).isFalse();
			filter.filter(exchange, (e) -> this.adapter.handle(e, "handler").then()).block(Duration.ofSeconds(5));
			assertThat(this.inHandler.get().asMap())
				.isEqualTo(Map.of("http_method", "POST", "http_route", "/rides/{vehicle}", "tenant", "acme"));
			assertThat(this.stack.current().isEmpty()).as("labels left on the thread: " + this.stack.current())
				.isTrue();
		}
	}

	@Test
	void whatTheServerDoesWithASignalArrivingOnAnotherThreadRunsWithTheRequestsLabels() throws Exception {
		ExecutorService eventLoop = Executors.newSingleThreadExecutor();
		try {
			CompletableFuture<String> response = new CompletableFuture<>();
			ServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.get("/rides/1").header("X-Tenant-Id", "acme"));
			exchange.getAttributes()
				.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
						PathPatternParser.defaultInstance.parse("/rides/{vehicle}"));
			AtomicReference<LabelSet> inServer = new AtomicReference<>();
			CompletableFuture<Void> done = new RouteLabelsWebFilter(this.labels)
				.filter(exchange, (e) -> this.adapter.handle(e, "handler").then(Mono.fromFuture(response)).then())
				.doOnSuccess((nothing) -> inServer.set(this.stack.current()))
				.toFuture();
			// The response of a non-blocking call arrives on a thread no Reactor scheduler runs.
			eventLoop.execute(() -> response.complete("body"));
			done.get(10, TimeUnit.SECONDS);
			assertThat(inServer.get().asMap())
				.isEqualTo(Map.of("http_method", "GET", "http_route", "/rides/{vehicle}", "tenant", "acme"));
			assertThat(CompletableFuture.supplyAsync(() -> this.stack.current().isEmpty(), eventLoop).get())
				.as("labels left on the event loop")
				.isTrue();
		}
		finally {
			eventLoop.shutdownNow();
		}
	}

	@Test
	void anUnknownMethodIsLabelledOtherAndNoRouteNoRouteLabel() {
		RouteLabelsWebFilter filter = new RouteLabelsWebFilter(this.labels);
		ServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(org.springframework.http.HttpMethod.valueOf("BREW"), "/pot"));
		filter.filter(exchange, (e) -> this.adapter.handle(e, "handler").then()).block(Duration.ofSeconds(5));
		assertThat(this.inHandler.get().asMap()).isEqualTo(Map.of("http_method", "other"));
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

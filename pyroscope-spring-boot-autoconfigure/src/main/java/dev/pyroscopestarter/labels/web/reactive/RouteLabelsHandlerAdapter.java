package dev.pyroscopestarter.labels.web.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.support.LabelStack;
import dev.pyroscopestarter.labels.web.reactive.ReactiveRouteLabels.RequestLabels;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds the route to a request's labels once its handler is found, and labels the handler's invocation: WebFlux
 * has no handler interceptors, and a filter runs before the handler lookup. First of the handler adapters, it
 * hands each handler to the adapter that would have handled it (never itself an exception handler, so the
 * dispatcher's error handling is unchanged).
 */
public final class RouteLabelsHandlerAdapter implements HandlerAdapter, Ordered {

	private final ReactiveRouteLabels labels;

	private final Supplier<? extends Iterable<HandlerAdapter>> adapters;

	private volatile @Nullable List<HandlerAdapter> delegates;

	/**
	 * @param adapters the application's handler adapters (this one among them is skipped), looked up on first use
	 */
	public RouteLabelsHandlerAdapter(ReactiveRouteLabels labels, Supplier<? extends Iterable<HandlerAdapter>> adapters) {
		this.labels = labels;
		this.adapters = adapters;
	}

	@Override
	public boolean supports(Object handler) {
		return delegate(handler) != null;
	}

	@Override
	public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
		HandlerAdapter delegate = delegate(handler);
		if (delegate == null) {
			return Mono.error(new IllegalStateException("No HandlerAdapter for " + handler));
		}
		Object attribute = exchange.getAttribute(ReactiveRouteLabels.ATTRIBUTE);
		if (!(attribute instanceof RequestLabels request)) {
			return delegate.handle(exchange, handler);
		}
		LabelSet labels = this.labels.route(request, exchange);
		return new LabelledHandling(delegate, exchange, handler, this.labels.stack(), labels);
	}

	private @Nullable HandlerAdapter delegate(Object handler) {
		for (HandlerAdapter adapter : delegates()) {
			if (adapter.supports(handler)) {
				return adapter;
			}
		}
		return null;
	}

	private List<HandlerAdapter> delegates() {
		List<HandlerAdapter> delegates = this.delegates;
		if (delegates == null) {
			delegates = new ArrayList<>();
			for (HandlerAdapter adapter : this.adapters.get()) {
				if (adapter != this) {
					delegates.add(adapter);
				}
			}
			AnnotationAwareOrderComparator.sort(delegates);
			this.delegates = delegates;
		}
		return delegates;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Invokes the handler and subscribes its result with the route's labels on, in one scope: functional handlers
	 * run when handed the request, annotated ones when their result is subscribed. The handler's later pieces take
	 * the labels along through the schedule hook; the scope closes when the subscription returns.
	 */
	private static final class LabelledHandling extends Mono<HandlerResult> {

		private final HandlerAdapter delegate;

		private final ServerWebExchange exchange;

		private final Object handler;

		private final LabelStack stack;

		private final LabelSet labels;

		LabelledHandling(HandlerAdapter delegate, ServerWebExchange exchange, Object handler, LabelStack stack,
				LabelSet labels) {
			this.delegate = delegate;
			this.exchange = exchange;
			this.handler = handler;
			this.stack = stack;
			this.labels = labels;
		}

		@Override
		public void subscribe(CoreSubscriber<? super HandlerResult> actual) {
			if (this.stack.current() == this.labels) {
				handle(actual);
				return;
			}
			try (LabelScope scope = this.stack.enterExactly(this.labels)) {
				handle(actual);
			}
		}

		private void handle(CoreSubscriber<? super HandlerResult> actual) {
			Mono<HandlerResult> result;
			try {
				result = this.delegate.handle(this.exchange, this.handler);
			}
			catch (Throwable ex) {
				Operators.error(actual, Operators.onOperatorError(ex, actual.currentContext()));
				return;
			}
			result.subscribe(actual);
		}

	}

}

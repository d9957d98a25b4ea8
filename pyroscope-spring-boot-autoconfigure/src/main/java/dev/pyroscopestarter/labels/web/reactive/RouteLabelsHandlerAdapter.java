package dev.pyroscopestarter.labels.web.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.web.reactive.ReactiveRouteLabels.RequestLabels;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

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
		Mono<HandlerResult> result;
		// Functional handlers run when handed over, annotated ones when subscribed: both on this thread, now.
		try (LabelScope scope = this.labels.stack().enterExactly(labels)) {
			result = delegate.handle(exchange, handler);
		}
		return new LabelledSubscription(result, this.labels, labels);
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
	 * Applies the labels while the handler's result is subscribed: the handler's work that runs on the subscribing
	 * thread before its first asynchronous step. Later pieces take them from the context.
	 */
	private static final class LabelledSubscription extends MonoOperator<HandlerResult, HandlerResult> {

		private final ReactiveRouteLabels labels;

		private final LabelSet set;

		LabelledSubscription(Mono<HandlerResult> source, ReactiveRouteLabels labels, LabelSet set) {
			super(source);
			this.labels = labels;
			this.set = set;
		}

		@Override
		public void subscribe(CoreSubscriber<? super HandlerResult> actual) {
			try (LabelScope scope = this.labels.stack().enterExactly(this.set)) {
				this.source.subscribe(actual);
			}
		}

	}

}

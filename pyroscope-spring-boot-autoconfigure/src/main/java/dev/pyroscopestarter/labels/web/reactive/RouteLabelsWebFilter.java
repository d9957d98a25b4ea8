package dev.pyroscopestarter.labels.web.reactive;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.reactor.LabelledSubscriber;
import dev.pyroscopestarter.labels.support.LabelStack;
import dev.pyroscopestarter.labels.web.reactive.ReactiveRouteLabels.RequestLabels;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Labels each WebFlux request: the filters after it and the handler are assembled and subscribed with the
 * request's labels on, work they hand to Reactor's schedulers takes them along (the starter's schedule hook), and
 * the labels are in the request's Reactor context for nested labels. First of the filters, so that
 * the filters after it carry the request's method and header labels; the route is added when the handler is
 * found ({@link RouteLabelsHandlerAdapter}).
 */
public final class RouteLabelsWebFilter implements WebFilter, Ordered {

	private final ReactiveRouteLabels labels;

	public RouteLabelsWebFilter(ReactiveRouteLabels labels) {
		this.labels = labels;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		RequestLabels request = this.labels.start(exchange);
		exchange.getAttributes().put(ReactiveRouteLabels.ATTRIBUTE, request);
		return new LabelledRequest(exchange, chain, request);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * The rest of the filter chain, assembled and subscribed with the request's labels on. Signals crossing back
	 * towards the server run with them too, on whichever thread they arrive (a Netty event loop after a
	 * non-blocking call): what the server does with them is this request's work.
	 */
	private final class LabelledRequest extends Mono<Void> {

		private final ServerWebExchange exchange;

		private final WebFilterChain chain;

		private final RequestLabels request;

		LabelledRequest(ServerWebExchange exchange, WebFilterChain chain, RequestLabels request) {
			this.exchange = exchange;
			this.chain = chain;
			this.request = request;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			LabelStack stack = RouteLabelsWebFilter.this.labels.stack();
			LabelledSubscriber<Void> labelled = new LabelledSubscriber<>(actual, stack, this.request, null);
			Mono<Void> rest;
			try (LabelScope scope = labelled.enter()) {
				try {
					rest = this.chain.filter(this.exchange);
				}
				catch (Throwable ex) {
					Operators.error(actual, Operators.onOperatorError(ex, actual.currentContext()));
					return;
				}
				rest.subscribe(labelled);
			}
		}

	}

}

package dev.pyroscopestarter.labels.web.reactive;

import dev.pyroscopestarter.labels.support.ContextLabels;
import dev.pyroscopestarter.labels.web.reactive.ReactiveRouteLabels.RequestLabels;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes each WebFlux request's labels into its Reactor context, where Reactor's automatic context propagation
 * finds them for every piece of the request's chain, on whichever thread it runs. First of the filters, so that
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
		return chain.filter(exchange).contextWrite((context) -> context.put(ContextLabels.KEY, request));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

package dev.pyroscopestarter.internal.labels.web.reactive;

import dev.pyroscopestarter.internal.labels.support.ContextLabels;
import dev.pyroscopestarter.internal.labels.support.PendingLabels;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Keeps WebFlux route labels right under Reactor's automatic context propagation
 * ({@code spring.reactor.context-propagation=auto}). Reactor then restores thread-locals from the Context of each part
 * of a chain that it runs, and the response body of an annotated controller is subscribed by the server under the
 * request's outer Context, downstream of {@link RouteLabelsHandlerAdapter}: without labels there, every restore
 * would clear them. This filter, first of all, puts a {@link PendingLabels} into the request's Context; the handler
 * adapter fills it when it makes the labels. Filters before the handler still run unlabelled. Without automatic
 * propagation it passes the request on untouched (one static read).
 */
public final class RequestLabelsContextFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!Hooks.isAutomaticContextPropagationEnabled()) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).contextWrite((context) -> context.put(ContextLabels.KEY, new PendingLabels()));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

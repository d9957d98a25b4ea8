package dev.pyroscopestarter.internal.labels.web.reactive;

import java.util.Map;

import dev.pyroscopestarter.internal.labels.support.FixedLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.web.RequestLabelSets;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The labels of WebFlux requests: route template ({@code /orders/{id}}, never the raw path), method and chosen
 * request headers, applied by {@link RouteLabelsHandlerAdapter} once the handler is found.
 */
public final class ReactiveRouteLabels {

	private final LabelStack stack;

	private final RequestLabelSets labelSets;

	/**
	 * @param routeLabel label name for the route template, or null for none
	 * @param methodLabel label name for the HTTP method, or null for none
	 * @param headerLabels label names to request header names
	 */
	public ReactiveRouteLabels(LabelStack stack, LabelRules rules, @Nullable String routeLabel,
			@Nullable String methodLabel, Map<String, String> headerLabels) {
		this.stack = stack;
		this.labelSets = new RequestLabelSets(rules, routeLabel, methodLabel, headerLabels);
	}

	LabelStack stack() {
		return this.stack;
	}

	/**
	 * {@code outer} with the labels of a request whose handler was found. Without header labels this allocates
	 * nothing once a route and method were seen under the same outer labels: the merged set is shared.
	 */
	LabelSet labels(ServerWebExchange exchange, LabelSet outer) {
		ServerHttpRequest request = exchange.getRequest();
		Object pattern = this.labelSets.labelsRoute()
				? exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) : null;
		String route = (pattern instanceof PathPattern path) ? path.getPatternString()
				: (pattern != null) ? pattern.toString() : "";
		FixedLabels fixed = this.labelSets.routeAndMethod(route,
				RequestLabelSets.methodIndex(request.getMethod().name()));
		String[] headerLabels = this.labelSets.headerLabels();
		return (headerLabels.length > 0)
				? fixed.onto(outer, headerLabels, this.labelSets.headerValues(request.getHeaders()::getFirst))
				: fixed.onto(outer);
	}

}

package dev.pyroscopestarter.labels.web.reactive;

import java.util.Map;

import dev.pyroscopestarter.labels.support.ContextLabels;
import dev.pyroscopestarter.labels.support.FixedLabels;
import dev.pyroscopestarter.labels.support.LabelRules;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.support.LabelStack;
import dev.pyroscopestarter.labels.web.RequestLabelSets;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The labels of WebFlux requests: route template ({@code /orders/{id}}, never the raw path), method and chosen
 * request headers. {@link RouteLabelsWebFilter} starts each request's labels (method and headers) and writes them
 * into its Reactor context; {@link RouteLabelsHandlerAdapter} adds the route once the handler is found.
 */
public final class ReactiveRouteLabels {

	/** The exchange attribute holding the request's {@link ContextLabels}. */
	static final String ATTRIBUTE = ReactiveRouteLabels.class.getName() + ".labels";

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

	/** Starts the labels of a request: its method and headers, until its route is known. */
	RequestLabels start(ServerWebExchange exchange) {
		LabelSet outer = this.stack.current();
		int method = RequestLabelSets.methodIndex(exchange.getRequest().getMethod().name());
		HttpHeaders headers = exchange.getRequest().getHeaders();
		@Nullable String[] headerValues = (this.labelSets.headerLabels().length > 0)
				? this.labelSets.headerValues(headers::getFirst) : null;
		RequestLabels labels = new RequestLabels(outer, method, headerValues);
		labels.update(labels(outer, this.labelSets.routeAndMethod("", method), headerValues));
		return labels;
	}

	/** Completes a request's labels with the route its handler was found for. */
	LabelSet route(RequestLabels request, ServerWebExchange exchange) {
		Object pattern = this.labelSets.labelsRoute()
				? exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) : null;
		String route = (pattern instanceof PathPattern path) ? path.getPatternString()
				: (pattern != null) ? pattern.toString() : "";
		LabelSet labels = labels(request.outer, this.labelSets.routeAndMethod(route, request.method),
				request.headerValues);
		request.update(labels);
		return labels;
	}

	private LabelSet labels(LabelSet outer, FixedLabels fixed, @Nullable String[] headerValues) {
		return (headerValues != null) ? fixed.onto(outer, this.labelSets.headerLabels(), headerValues)
				: fixed.onto(outer);
	}

	/** One request's labels, in its Reactor context and an exchange attribute; the route is added later. */
	static final class RequestLabels extends ContextLabels {

		private final LabelSet outer;

		private final int method;

		private final @Nullable String @Nullable [] headerValues;

		RequestLabels(LabelSet outer, int method, @Nullable String @Nullable [] headerValues) {
			super(LabelSet.EMPTY);
			this.outer = outer;
			this.method = method;
			this.headerValues = headerValues;
		}

	}

}

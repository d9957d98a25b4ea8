package dev.pyroscopestarter.labels.web.reactive;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.pyroscopestarter.labels.support.ContextLabels;
import dev.pyroscopestarter.labels.support.FixedLabels;
import dev.pyroscopestarter.labels.support.LabelRules;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.support.LabelStack;
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

	private static final String[] METHODS = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
			"other" };

	private final LabelStack stack;

	private final LabelRules rules;

	private final @Nullable String routeLabel;

	private final @Nullable String methodLabel;

	/** Label names, sorted, and the request headers they are read from. */
	private final String[] headerLabels;

	private final String[] headerNames;

	/** Route and method labels per route, then per method: bounded by the application's mappings. */
	private final Map<String, FixedLabels[]> routeLabels = new ConcurrentHashMap<>();

	/**
	 * @param routeLabel label name for the route template, or null for none
	 * @param methodLabel label name for the HTTP method, or null for none
	 * @param headerLabels label names to request header names
	 */
	public ReactiveRouteLabels(LabelStack stack, LabelRules rules, @Nullable String routeLabel,
			@Nullable String methodLabel, Map<String, String> headerLabels) {
		this.stack = stack;
		this.rules = rules;
		this.routeLabel = routeLabel;
		this.methodLabel = methodLabel;
		Map<String, String> sorted = new TreeMap<>(headerLabels);
		this.headerLabels = sorted.keySet().toArray(new String[0]);
		this.headerNames = sorted.values().toArray(new String[0]);
	}

	LabelStack stack() {
		return this.stack;
	}

	/** Starts the labels of a request: its method and headers, until its route is known. */
	RequestLabels start(ServerWebExchange exchange) {
		LabelSet outer = this.stack.current();
		int method = methodIndex(exchange.getRequest().getMethod().name());
		@Nullable String[] headerValues = (this.headerLabels.length > 0) ? headerValues(exchange.getRequest().getHeaders())
				: null;
		RequestLabels labels = new RequestLabels(outer, method, headerValues);
		labels.update(labels(outer, fixed("", method), headerValues));
		return labels;
	}

	/** Completes a request's labels with the route its handler was found for. */
	LabelSet route(RequestLabels request, ServerWebExchange exchange) {
		Object pattern = (this.routeLabel != null)
				? exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) : null;
		String route = (pattern instanceof PathPattern path) ? path.getPatternString()
				: (pattern != null) ? pattern.toString() : "";
		LabelSet labels = labels(request.outer, fixed(route, request.method), request.headerValues);
		request.update(labels);
		return labels;
	}

	private LabelSet labels(LabelSet outer, FixedLabels fixed, @Nullable String[] headerValues) {
		return (headerValues != null) ? fixed.onto(outer, this.headerLabels, headerValues) : fixed.onto(outer);
	}

	private FixedLabels fixed(String route, int method) {
		FixedLabels[] byMethod = this.routeLabels.get(route);
		if (byMethod == null) {
			byMethod = this.routeLabels.computeIfAbsent(route, (r) -> new FixedLabels[METHODS.length]);
		}
		FixedLabels labels = byMethod[method];
		if (labels == null) {
			// Racing threads may both build it: equal sets, harmless.
			Map<String, String> fixed = new TreeMap<>();
			String routeValue = this.rules.fixedValue(route);
			if (this.routeLabel != null && routeValue != null) {
				fixed.put(this.routeLabel, routeValue);
			}
			if (this.methodLabel != null) {
				fixed.put(this.methodLabel, METHODS[method]);
			}
			labels = new FixedLabels(fixed);
			byMethod[method] = labels;
		}
		return labels;
	}

	// Any token is a valid method: keep the label bounded.
	private static int methodIndex(String method) {
		for (int i = 0; i < METHODS.length - 1; i++) {
			if (METHODS[i].equals(method)) {
				return i;
			}
		}
		return METHODS.length - 1;
	}

	private @Nullable String[] headerValues(HttpHeaders headers) {
		@Nullable String[] values = new String[this.headerLabels.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.rules.dynamicValue(this.headerLabels[i], headers.getFirst(this.headerNames[i]));
		}
		return values;
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

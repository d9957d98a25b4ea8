package dev.pyroscopestarter.labels.web.servlet;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.support.FixedLabels;
import dev.pyroscopestarter.labels.support.LabelRules;
import dev.pyroscopestarter.labels.support.LabelStack;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Labels the handling of a Spring MVC request with its route template ({@code /orders/{id}}, never the raw URI),
 * its method and chosen request headers. The route is known once the handler is found, so the scope covers the
 * interceptors that follow and the handler, not the servlet filters before them. It is closed when the request
 * completes, or when the handler hands it to asynchronous processing.
 */
public final class RouteLabelsInterceptor implements AsyncHandlerInterceptor {

	private static final String SCOPE_ATTRIBUTE = RouteLabelsInterceptor.class.getName() + ".scope";

	private final LabelStack stack;

	private final LabelRules rules;

	private final @Nullable String routeLabel;

	private final @Nullable String methodLabel;

	/** Label name to header name, sorted by label name. */
	private final String[] headerLabels;

	private final String[] headerNames;

	private static final String[] METHODS = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
			"other" };

	/** Route and method labels per route, then per method: a bounded set, fixed by the application's mappings. */
	private final Map<String, FixedLabels[]> routeLabels = new ConcurrentHashMap<>();

	/**
	 * @param routeLabel label name for the route template, or null for none
	 * @param methodLabel label name for the HTTP method, or null for none
	 * @param headerLabels label names to request header names
	 */
	public RouteLabelsInterceptor(LabelStack stack, LabelRules rules, @Nullable String routeLabel, @Nullable String methodLabel,
			Map<String, String> headerLabels) {
		this.stack = stack;
		this.rules = rules;
		this.routeLabel = routeLabel;
		this.methodLabel = methodLabel;
		Map<String, String> sorted = new TreeMap<>(headerLabels);
		this.headerLabels = sorted.keySet().toArray(new String[0]);
		this.headerNames = sorted.values().toArray(new String[0]);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		LabelScope scope = (this.headerLabels.length > 0)
				? this.stack.enterMerged(routeAndMethod(request), this.headerLabels, headerValues(request))
				: this.stack.enterMerged(routeAndMethod(request));
		// A forward or include dispatches again inside this one: its scope nests in the outer one, and the outer
		// comes back when it closes. A first dispatch has no outer scope: its own scope is the attribute.
		Object outer = (request.getDispatcherType() != DispatcherType.REQUEST) ? request.getAttribute(SCOPE_ATTRIBUTE)
				: null;
		request.setAttribute(SCOPE_ATTRIBUTE, (outer != null) ? new NestedScope(scope, outer) : scope);
		return true;
	}

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) {
		close(request);
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		close(request);
	}

	private FixedLabels routeAndMethod(HttpServletRequest request) {
		Object pattern = (this.routeLabel != null)
				? request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) : null;
		String route = (pattern != null) ? pattern.toString() : "";
		FixedLabels[] byMethod = this.routeLabels.get(route);
		if (byMethod == null) {
			byMethod = this.routeLabels.computeIfAbsent(route, (r) -> new FixedLabels[METHODS.length]);
		}
		int method = methodIndex(request.getMethod());
		FixedLabels labels = byMethod[method];
		if (labels == null) {
			// Racing threads may both build it: equal sets, harmless.
			Map<String, String> fixed = new TreeMap<>();
			putIfPresent(fixed, this.routeLabel, this.rules.fixedValue(route));
			putIfPresent(fixed, this.methodLabel, METHODS[method]);
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

	private String[] headerValues(HttpServletRequest request) {
		String[] values = new String[this.headerLabels.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.rules.dynamicValue(this.headerLabels[i], request.getHeader(this.headerNames[i]));
		}
		return values;
	}

	private static void close(HttpServletRequest request) {
		Object current = request.getAttribute(SCOPE_ATTRIBUTE);
		if (current instanceof NestedScope nested) {
			request.setAttribute(SCOPE_ATTRIBUTE, nested.outer());
			nested.scope().close();
		}
		else if (current instanceof LabelScope scope) {
			request.removeAttribute(SCOPE_ATTRIBUTE);
			scope.close();
		}
	}

	private static void putIfPresent(Map<String, String> labels, String name, String value) {
		if (name != null && value != null) {
			labels.put(name, value);
		}
	}

	/** The label scope of a dispatch inside another, and the attribute of the outer one to put back. */
	private record NestedScope(LabelScope scope, Object outer) {
	}

}

package dev.pyroscopestarter.internal.labels.web;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.pyroscopestarter.internal.labels.support.FixedLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import org.jspecify.annotations.Nullable;

/**
 * The labels of a web request that do not depend on the web stack: route template and method, as one fixed set per
 * route and method (built once, then shared by every request of that route), and chosen request headers.
 */
public final class RequestLabelSets {

	private static final String[] METHODS = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
			"other" };

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
	public RequestLabelSets(LabelRules rules, @Nullable String routeLabel, @Nullable String methodLabel,
			Map<String, String> headerLabels) {
		this.rules = rules;
		this.routeLabel = routeLabel;
		this.methodLabel = methodLabel;
		Map<String, String> sorted = new TreeMap<>(headerLabels);
		this.headerLabels = sorted.keySet().toArray(new String[0]);
		this.headerNames = sorted.values().toArray(new String[0]);
	}

	/** Whether the route is labelled: a stack need not look its template up otherwise. */
	public boolean labelsRoute() {
		return this.routeLabel != null;
	}

	/** Label names of the header labels, sorted; empty when none. */
	public String[] headerLabels() {
		return this.headerLabels;
	}

	/** The route and method labels of a request; {@code route} is "" when unknown or not labelled. */
	public FixedLabels routeAndMethod(String route, int method) {
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

	/** The index of a method for {@link #routeAndMethod}; any token is a valid method, so others share one. */
	public static int methodIndex(String method) {
		for (int i = 0; i < METHODS.length - 1; i++) {
			if (METHODS[i].equals(method)) {
				return i;
			}
		}
		return METHODS.length - 1;
	}

	/** The header labels' values, in the order of {@link #headerLabels()}, from a request's headers. */
	public @Nullable String[] headerValues(Function<String, @Nullable String> header) {
		@Nullable String[] values = new String[this.headerLabels.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = this.rules.dynamicValue(this.headerLabels[i], header.apply(this.headerNames[i]));
		}
		return values;
	}

}

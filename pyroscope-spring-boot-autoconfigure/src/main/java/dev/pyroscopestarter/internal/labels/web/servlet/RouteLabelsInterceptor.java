package dev.pyroscopestarter.internal.labels.web.servlet;

import java.util.Map;

import dev.pyroscopestarter.internal.labels.support.FixedLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.web.RequestLabelSets;
import dev.pyroscopestarter.labels.LabelScope;
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

	private final RequestLabelSets labelSets;

	/**
	 * @param routeLabel label name for the route template, or null for none
	 * @param methodLabel label name for the HTTP method, or null for none
	 * @param headerLabels label names to request header names
	 */
	public RouteLabelsInterceptor(LabelStack stack, LabelRules rules, @Nullable String routeLabel, @Nullable String methodLabel,
			Map<String, String> headerLabels) {
		this.stack = stack;
		this.labelSets = new RequestLabelSets(rules, routeLabel, methodLabel, headerLabels);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String[] headerLabels = this.labelSets.headerLabels();
		LabelScope scope = (headerLabels.length > 0)
				? this.stack.enterMerged(routeAndMethod(request), headerLabels,
						this.labelSets.headerValues(request::getHeader))
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
			@Nullable Exception ex) {
		close(request);
	}

	private FixedLabels routeAndMethod(HttpServletRequest request) {
		Object pattern = this.labelSets.labelsRoute()
				? request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) : null;
		return this.labelSets.routeAndMethod((pattern != null) ? pattern.toString() : "",
				RequestLabelSets.methodIndex(request.getMethod()));
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

	/** The label scope of a dispatch inside another, and the attribute of the outer one to put back. */
	private record NestedScope(LabelScope scope, Object outer) {
	}

}

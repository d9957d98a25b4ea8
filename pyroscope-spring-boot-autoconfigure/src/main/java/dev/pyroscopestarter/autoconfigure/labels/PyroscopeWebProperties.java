package dev.pyroscopestarter.autoconfigure.labels;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Labels of Spring MVC requests.
 */
@ConfigurationProperties("pyroscope.web")
public class PyroscopeWebProperties {

	/**
	 * Whether the handling of each Spring MVC request is labelled with its route template, method and mapped
	 * headers.
	 */
	private boolean enabled = true;

	/**
	 * Label name for the route template (such as '/orders/{id}'; never the raw URI). Empty for no route label.
	 */
	private String routeLabel = "http_route";

	/**
	 * Label name for the HTTP method. Empty for no method label.
	 */
	private String methodLabel = "http_method";

	/**
	 * Request headers to label requests with, as label name to header name, for example 'tenant: X-Tenant-Id'.
	 * Header values count against the cardinality guard.
	 */
	private Map<String, String> headerLabels = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRouteLabel() {
		return this.routeLabel;
	}

	public void setRouteLabel(String routeLabel) {
		this.routeLabel = routeLabel;
	}

	public String getMethodLabel() {
		return this.methodLabel;
	}

	public void setMethodLabel(String methodLabel) {
		this.methodLabel = methodLabel;
	}

	public Map<String, String> getHeaderLabels() {
		return this.headerLabels;
	}

	public void setHeaderLabels(Map<String, String> headerLabels) {
		this.headerLabels = headerLabels;
	}

}

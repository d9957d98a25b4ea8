package dev.pyroscopestarter.autoconfigure.labels;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pyroscopestarter.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.labels.support.LabelRules;
import org.jspecify.annotations.Nullable;

/**
 * The checked {@code pyroscope.web.*} label names, shared by Spring MVC and WebFlux route labels.
 *
 * @param routeLabel label name of the route template, or null for none
 * @param methodLabel label name of the method, or null for none
 * @param headerLabels label names to request header names
 */
record WebLabelSettings(@Nullable String routeLabel, @Nullable String methodLabel, Map<String, String> headerLabels) {

	static WebLabelSettings of(PyroscopeWebProperties properties) {
		Map<String, String> headerLabels = new LinkedHashMap<>();
		properties.getHeaderLabels().forEach((label, header) -> {
			checkName("pyroscope.web.header-labels." + label, label);
			if (header == null || header.isBlank()) {
				throw new InvalidPyroscopeConfigurationException("pyroscope.web.header-labels." + label,
						"no header name is given", "Set the request header to read, for example 'X-Tenant-Id'.");
			}
			headerLabels.put(label, header.strip());
		});
		String route = optionalName("pyroscope.web.route-label", properties.getRouteLabel());
		String method = optionalName("pyroscope.web.method-label", properties.getMethodLabel());
		return new WebLabelSettings(route, method, headerLabels);
	}

	private static @Nullable String optionalName(String property, @Nullable String name) {
		if (name == null || name.isBlank()) {
			return null;
		}
		checkName(property, name.strip());
		return name.strip();
	}

	private static void checkName(String property, String name) {
		String problem = LabelRules.problemWithName(name);
		if (problem != null) {
			throw new InvalidPyroscopeConfigurationException(property, problem,
					"Use only letters, digits and '_', for example '" + LabelRules.suggestName(name) + "'.");
		}
	}

}

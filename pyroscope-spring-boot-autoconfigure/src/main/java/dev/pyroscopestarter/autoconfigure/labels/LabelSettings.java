package dev.pyroscopestarter.autoconfigure.labels;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pyroscopestarter.autoconfigure.PyroscopeProperties;
import dev.pyroscopestarter.internal.agent.ServerLimits;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The dynamic-label settings ({@code pyroscope.dynamic-labels.*}) and the web label names ({@code pyroscope.web.*}),
 * bound once and checked here, the one place that does: every label bean is built from them. They are bound from the
 * {@link Environment} because the beans that need them are created while bean post-processors are set up, before
 * {@code @ConfigurationProperties} beans should be.
 *
 * @param maxValuesPerKey distinct values per label name and window before the overflow value is sent
 * @param overflowValue the value sent beyond that
 * @param cardinalityWindow how long a cardinality window lasts: the upload interval
 * @param maxValueLength the longest value sent
 * @param virtualThreadMode what a label scope does on a virtual thread
 * @param routeLabel label name of the route template, or null for none
 * @param methodLabel label name of the method, or null for none
 * @param headerLabels label names to request header names
 */
record LabelSettings(int maxValuesPerKey, String overflowValue, Duration cardinalityWindow, int maxValueLength,
		VirtualThreadMode virtualThreadMode, @Nullable String routeLabel, @Nullable String methodLabel,
		Map<String, String> headerLabels) {

	static LabelSettings of(Environment environment) {
		Binder binder = Binder.get(environment);
		PyroscopeDynamicLabelsProperties dynamic = binder
			.bindOrCreate(PyroscopeDynamicLabelsProperties.PREFIX, PyroscopeDynamicLabelsProperties.class);
		PyroscopeWebProperties web = binder.bindOrCreate("pyroscope.web", PyroscopeWebProperties.class);
		Duration window = binder.bind(PyroscopeProperties.PREFIX + ".upload-interval", Duration.class)
			.orElseGet(() -> new PyroscopeProperties().getUploadInterval());
		return of(dynamic, web, window);
	}

	static LabelSettings of(PyroscopeDynamicLabelsProperties dynamic, PyroscopeWebProperties web,
			Duration cardinalityWindow) {
		String prefix = PyroscopeDynamicLabelsProperties.PREFIX + ".";
		PyroscopeDynamicLabelsProperties.Cardinality cardinality = dynamic.getCardinality();
		if (cardinality.getMaxValuesPerKey() < 1) {
			throw new InvalidPyroscopeConfigurationException(prefix + "cardinality.max-values-per-key",
					"'" + cardinality.getMaxValuesPerKey() + "' is not a positive number",
					"Set it to 1 or more; values beyond it are sent as the overflow value.");
		}
		String overflowValue = cardinality.getOverflowValue();
		if (overflowValue == null || overflowValue.isBlank()) {
			throw new InvalidPyroscopeConfigurationException(prefix + "cardinality.overflow-value",
					"the overflow value is blank", "Set a value such as '_overflow_'.");
		}
		if (dynamic.getMaxValueLength() < 1) {
			throw new InvalidPyroscopeConfigurationException(prefix + "max-value-length",
					"'" + dynamic.getMaxValueLength() + "' is not a positive number",
					"Set it to 1 or more, for example 128.");
		}
		if (dynamic.getMaxValueLength() > ServerLimits.MAX_VALUE_LENGTH) {
			throw new InvalidPyroscopeConfigurationException(prefix + "max-value-length",
					"'" + dynamic.getMaxValueLength() + "' is more than Pyroscope accepts: it refuses uploads with label "
							+ "values longer than " + ServerLimits.MAX_VALUE_LENGTH + " bytes",
					"Set it to " + ServerLimits.MAX_VALUE_LENGTH + " or less, for example 128.");
		}
		Map<String, String> headerLabels = new LinkedHashMap<>();
		web.getHeaderLabels().forEach((label, header) -> {
			checkName("pyroscope.web.header-labels." + label, label);
			if (header == null || header.isBlank()) {
				throw new InvalidPyroscopeConfigurationException("pyroscope.web.header-labels." + label,
						"no header name is given", "Set the request header to read, for example 'X-Tenant-Id'.");
			}
			headerLabels.put(label, header.strip());
		});
		String route = optionalName("pyroscope.web.route-label", web.getRouteLabel());
		String method = optionalName("pyroscope.web.method-label", web.getMethodLabel());
		return new LabelSettings(cardinality.getMaxValuesPerKey(), overflowValue.strip(), cardinalityWindow,
				dynamic.getMaxValueLength(), VirtualThreadMode.valueOf(dynamic.getVirtualThreads().name()), route,
				method, Collections.unmodifiableMap(headerLabels));
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

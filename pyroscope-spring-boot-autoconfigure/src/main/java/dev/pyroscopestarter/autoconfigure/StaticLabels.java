package dev.pyroscopestarter.autoconfigure;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.pyroscopestarter.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.labels.support.LabelRules;

/**
 * Checks static labels before anything is sent: a bad name or value would otherwise make the server reject every
 * upload, or silently split the {@code name} parameter. Names follow the one rule of {@link LabelRules}.
 */
final class StaticLabels {

	private static final Pattern FORBIDDEN_IN_VALUE = Pattern.compile("[,{}=]");

	private StaticLabels() {
	}

	/**
	 * Returns the labels sorted by name, or throws naming the first bad one.
	 * @throws InvalidPyroscopeConfigurationException if a name or value is not allowed
	 */
	static Map<String, String> validate(Map<String, String> labels) {
		Map<String, String> sorted = new TreeMap<>();
		labels.forEach((name, value) -> {
			String property = "pyroscope.labels." + name;
			String problem = LabelRules.problemWithName(name);
			if (problem != null) {
				String fix = name.startsWith("__") ? "Rename the label without the leading underscores."
						: "Rename the label, for example to '" + LabelRules.suggestName(name) + "'.";
				throw new InvalidPyroscopeConfigurationException(property, problem, fix);
			}
			String trimmed = (value != null) ? value.trim() : "";
			if (trimmed.isEmpty()) {
				throw new InvalidPyroscopeConfigurationException(property, "the label has no value",
						"Give the label a value, or remove it.");
			}
			if (FORBIDDEN_IN_VALUE.matcher(trimmed).find()) {
				throw new InvalidPyroscopeConfigurationException(property,
						"the value '" + trimmed + "' contains ',', '{', '}' or '=', which break the profile's name",
						"Remove those characters from the value, for example '"
								+ FORBIDDEN_IN_VALUE.matcher(trimmed).replaceAll("_") + "'.");
			}
			sorted.put(name, trimmed);
		});
		return Collections.unmodifiableMap(sorted);
	}

}

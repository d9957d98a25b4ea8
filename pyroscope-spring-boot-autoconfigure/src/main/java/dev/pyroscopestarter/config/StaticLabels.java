package dev.pyroscopestarter.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks static labels before anything is sent: a bad name or value would otherwise make the server reject every
 * upload, or silently split the {@code name} parameter.
 */
public final class StaticLabels {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

	private static final Pattern FORBIDDEN_IN_VALUE = Pattern.compile("[,{}=]");

	private StaticLabels() {
	}

	/**
	 * Returns the labels sorted by name, or throws naming the first bad one.
	 * @throws InvalidPyroscopeConfigurationException if a name or value is not allowed
	 */
	public static Map<String, String> validate(Map<String, String> labels) {
		Map<String, String> sorted = new TreeMap<>();
		labels.forEach((name, value) -> {
			String property = "pyroscope.labels." + name;
			if (!NAME.matcher(name).matches()) {
				throw new InvalidPyroscopeConfigurationException(property,
						"the label name '" + name + "' may hold only letters, digits and '_'",
						"Rename the label, for example to '" + suggestName(name) + "'.");
			}
			if (name.startsWith("__")) {
				throw new InvalidPyroscopeConfigurationException(property,
						"label names starting with '__' are reserved and dropped by the server",
						"Rename the label without the leading underscores.");
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

	private static String suggestName(String name) {
		String suggestion = name.replaceAll("[^A-Za-z0-9_]", "_");
		return suggestion.isEmpty() ? "label" : suggestion;
	}

}

package dev.pyroscopestarter.labels.support;

import org.jspecify.annotations.Nullable;

/**
 * What a dynamic label may be. Names: letters, digits and {@code _}, not starting with {@code __} (the server
 * drops those). Values: surrounding whitespace removed, control characters replaced by {@code _}, cut to a
 * maximum length; a null or blank value means "no label", and dynamic values pass the {@link CardinalityGuard}.
 */
public final class LabelRules {

	private final CardinalityGuard guard;

	private final int maxValueLength;

	/** Suggests a valid name for an invalid one, for error messages. */
	public static String suggestName(String name) {
		String suggestion = name.replaceAll("[^A-Za-z0-9_]", "_");
		return suggestion.isEmpty() ? "label" : suggestion;
	}

	public LabelRules(CardinalityGuard guard, int maxValueLength) {
		this.guard = guard;
		this.maxValueLength = maxValueLength;
	}

	public CardinalityGuard guard() {
		return this.guard;
	}

	/**
	 * Why {@code name} cannot be a label name, or null when it can: the one rule for label names, static or
	 * dynamic.
	 */
	public static @Nullable String problemWithName(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return "a label name may not be empty";
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
				return "the label name '" + name + "' may hold only letters, digits and '_'";
			}
		}
		if (name.startsWith("__")) {
			return "label names starting with '__' are reserved and dropped by the server ('" + name + "')";
		}
		return null;
	}

	/** Checks a name given through the API: throws {@link IllegalArgumentException} when it is not allowed. */
	public static String checkName(String name) {
		String problem = problemWithName(name);
		if (problem != null) {
			throw new IllegalArgumentException("Invalid Pyroscope label: " + problem);
		}
		return name;
	}

	/** A dynamic value made fit and admitted by the guard; null when there is no value. */
	public @Nullable String dynamicValue(String name, @Nullable Object raw) {
		String value = fit(raw);
		return (value != null) ? this.guard.admit(name, value) : null;
	}

	/** The set {@code name=value} for a dynamic value, or null when there is no value. */
	public @Nullable LabelSet dynamicLabel(String name, @Nullable Object raw) {
		String value = fit(raw);
		return (value != null) ? this.guard.admitAsSet(name, value) : null;
	}

	/** A value fixed in code (an annotation's literal): made fit, not counted by the guard. */
	public @Nullable String fixedValue(@Nullable Object raw) {
		return fit(raw);
	}

	private @Nullable String fit(@Nullable Object raw) {
		if (raw == null) {
			return null;
		}
		String value = raw.toString().strip();
		if (value.isEmpty()) {
			return null;
		}
		int length = Math.min(value.length(), this.maxValueLength);
		if (length < value.length() && Character.isHighSurrogate(value.charAt(length - 1))) {
			length--;
		}
		char[] fixed = null;
		for (int i = 0; i < length; i++) {
			if (Character.isISOControl(value.charAt(i))) {
				if (fixed == null) {
					fixed = value.substring(0, length).toCharArray();
				}
				fixed[i] = '_';
			}
		}
		if (fixed != null) {
			return new String(fixed);
		}
		return (length < value.length()) ? value.substring(0, length) : value;
	}

}

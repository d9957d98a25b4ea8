package dev.pyroscopestarter.internal.labels.support;

import java.util.Arrays;
import java.util.Map;

import dev.pyroscopestarter.internal.agent.ServerLimits;
import org.jspecify.annotations.Nullable;

/**
 * What a dynamic label may be. Names: letters, digits and {@code _}, not starting with {@code __} (the server
 * drops those), at most 1024 characters. Values: surrounding whitespace removed, control characters replaced by
 * {@code _}, cut to a maximum length and to the server's 2048 bytes; a null or blank value means "no label", and
 * dynamic values pass the {@link CardinalityGuard}.
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
		if (name.length() > ServerLimits.MAX_NAME_LENGTH) {
			return "a label name may be at most " + ServerLimits.MAX_NAME_LENGTH
					+ " characters long: Pyroscope refuses uploads with longer ones";
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
		String fitted = (fixed != null) ? new String(fixed) : (length < value.length()) ? value.substring(0, length) : value;
		// Pyroscope counts bytes: a value of many non-ASCII characters can be short enough in characters only.
		return ServerLimits.cutToBytes(fitted, ServerLimits.MAX_VALUE_LENGTH);
	}

	/**
	 * The label a scope adds for one dynamic name and value: the set the cardinality guard admitted before, or a
	 * checked name with its value fitted; empty when the value is dropped.
	 * @throws IllegalArgumentException when the name is not a valid label name
	 */
	public LabelSet admit(String name, @Nullable String value) {
		LabelSet label = this.guard.admittedSet(name, value);
		if (label == null) {
			checkName(name);
			label = dynamicLabel(name, value);
		}
		return (label != null) ? label : LabelSet.EMPTY;
	}

	/**
	 * The labels a scope adds for several dynamic names and values: the names checked and sorted, the values
	 * fitted (null where dropped), as {@link LabelSet#with(String[], String[])} and
	 * {@link LabelStack#enterMerged(FixedLabels, String[], String[])} take them.
	 * @throws IllegalArgumentException when a name is not a valid label name
	 */
	public Admitted admit(Map<String, String> labels) {
		String[] names = labels.keySet().toArray(new String[0]);
		Arrays.sort(names);
		for (String name : names) {
			checkName(name);
		}
		@Nullable String[] values = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			values[i] = dynamicValue(names[i], labels.get(names[i]));
		}
		return new Admitted(names, values);
	}

	/**
	 * Names and values admitted for one scope.
	 * @param names sorted, valid names
	 * @param values their values, null where dropped
	 */
	public record Admitted(String[] names, @Nullable String[] values) {
	}

}

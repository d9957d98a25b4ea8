package dev.pyroscopestarter.internal.local.view;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Which samples to keep, by label: every label named must have one of the values given for it. {@code vehicle=car}
 * keeps samples taken under {@code vehicle=car}; {@code vehicle=car} and {@code vehicle=bike} keeps both kinds;
 * adding {@code region=eu} keeps only those of them in region {@code eu}. The empty filter keeps everything.
 * {@code span_id}, {@code trace_id} and {@code span_name} match the span a sample was taken in
 * ({@link SpanLabels}); their ids are checked and compared in lower case.
 */
public final class LabelFilter {

	private static final LabelFilter NONE = new LabelFilter(Map.of());

	private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9_.]+");

	private static final Pattern SAFE_TEXT = Pattern.compile("[A-Za-z0-9_.:/ -]{1,64}");

	private final Map<String, Set<String>> accepted;

	private LabelFilter(Map<String, Set<String>> accepted) {
		this.accepted = accepted;
	}

	/** The filter that keeps every sample. */
	public static LabelFilter none() {
		return NONE;
	}

	/**
	 * A filter from request parameters: each value is a label value, or a collection of values any of which will
	 * do.
	 */
	public static LabelFilter of(Map<String, ?> parameters) {
		Map<String, Set<String>> accepted = new LinkedHashMap<>();
		parameters.forEach((name, value) -> {
			if (value instanceof Collection<?> values) {
				values.forEach((each) -> add(accepted, name, String.valueOf(each)));
			}
			else if (value != null) {
				add(accepted, name, String.valueOf(value));
			}
		});
		return accepted.isEmpty() ? NONE : new LabelFilter(freeze(accepted));
	}

	/**
	 * A filter written as {@code name=value} pairs separated by commas, for example {@code vehicle=car,region=eu}.
	 * Also used to convert a {@code labels} request parameter.
	 * @throws IllegalArgumentException when a pair has no name or no {@code =}
	 */
	public static LabelFilter valueOf(String pairs) {
		if (pairs == null || pairs.isBlank()) {
			return NONE;
		}
		Map<String, Set<String>> accepted = new LinkedHashMap<>();
		for (String pair : pairs.split(",")) {
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException(quoted(pair.trim()) + " is not a name=value pair");
			}
			add(accepted, pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
		}
		return new LabelFilter(freeze(accepted));
	}

	/** A filter that requires what both filters require. */
	public LabelFilter and(LabelFilter other) {
		if (other.isEmpty()) {
			return this;
		}
		if (isEmpty()) {
			return other;
		}
		Map<String, Set<String>> accepted = new LinkedHashMap<>();
		this.accepted.forEach((name, values) -> accepted.put(name, new LinkedHashSet<>(values)));
		other.accepted.forEach((name, values) -> accepted.merge(name, new LinkedHashSet<>(values), (mine, theirs) -> {
			mine.retainAll(theirs);
			return mine;
		}));
		return new LabelFilter(freeze(accepted));
	}

	public boolean isEmpty() {
		return this.accepted.isEmpty();
	}

	/** Whether the filter names {@code span_id}, {@code trace_id} or {@code span_name}. */
	public boolean namesSpanLabels() {
		return this.accepted.keySet().stream().anyMatch(SpanLabels::isSpanLabel);
	}

	/** The one value accepted for a label, or null when it is not filtered on or several values are accepted. */
	public @Nullable String single(String name) {
		Set<String> values = this.accepted.get(name);
		return (values != null && values.size() == 1) ? values.iterator().next() : null;
	}

	/** Whether a sample with these labels is kept. */
	public boolean matches(Map<String, String> labels) {
		for (Map.Entry<String, Set<String>> required : this.accepted.entrySet()) {
			String value = labels.get(required.getKey());
			if (value == null || !required.getValue().contains(value)) {
				return false;
			}
		}
		return true;
	}

	/** The accepted values per label name. */
	public Map<String, Set<String>> accepted() {
		return this.accepted;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof LabelFilter filter) && this.accepted.equals(filter.accepted);
	}

	@Override
	public int hashCode() {
		return this.accepted.hashCode();
	}

	/** {@code vehicle=car|bike, region=eu}, or {@code (all)}. */
	@Override
	public String toString() {
		if (isEmpty()) {
			return "(all)";
		}
		return this.accepted.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + String.join("|", entry.getValue()))
			.collect(Collectors.joining(", "));
	}

	// Answers go back to whoever sent the query: only plain text is repeated, never markup.
	private static String quoted(String text) {
		return SAFE_TEXT.matcher(text).matches() ? "'" + text + "'" : "a pair";
	}

	private static void add(Map<String, Set<String>> accepted, String name, String value) {
		if (name.isEmpty()) {
			throw new IllegalArgumentException("a label filter needs a label name");
		}
		if (!LABEL_NAME.matcher(name).matches()) {
			// No sample carries such a label; and the name is not repeated back.
			throw new IllegalArgumentException("label names are letters, digits, '_' and '.'");
		}
		accepted.computeIfAbsent(name, (key) -> new LinkedHashSet<>()).add(SpanLabels.normalize(name, value));
	}

	private static Map<String, Set<String>> freeze(Map<String, Set<String>> accepted) {
		Map<String, Set<String>> frozen = new LinkedHashMap<>();
		accepted.forEach((name, values) -> frozen.put(name, Collections.unmodifiableSet(values)));
		return Collections.unmodifiableMap(frozen);
	}

}

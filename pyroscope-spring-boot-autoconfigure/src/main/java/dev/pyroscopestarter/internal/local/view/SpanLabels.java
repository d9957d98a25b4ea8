package dev.pyroscopestarter.internal.local.view;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The span a sample was taken in, seen as labels named as Pyroscope names them: {@code span_id} (16 hex digits),
 * {@code trace_id} (32 hex digits) and {@code span_name}. The agent's profiler writes them as fields of each
 * execution sample, not as labels of the sample's context; the views match them like labels.
 */
public final class SpanLabels {

	/** The span in scope when the sample was taken: the local root in root-spans-only mode. */
	public static final String SPAN_ID = "span_id";

	/** The trace of that span. */
	public static final String TRACE_ID = "trace_id";

	/** The span's name as it was when its scope opened. */
	public static final String SPAN_NAME = "span_name";

	private static final Pattern SPAN_ID_FORMAT = Pattern.compile("[0-9a-fA-F]{16}");

	private static final Pattern TRACE_ID_FORMAT = Pattern.compile("[0-9a-fA-F]{16}|[0-9a-fA-F]{32}");

	private SpanLabels() {
	}

	static boolean isSpanLabel(String name) {
		return SPAN_ID.equals(name) || TRACE_ID.equals(name) || SPAN_NAME.equals(name);
	}

	/**
	 * The value a filter on a span label compares: ids in lower case, a 64-bit trace id widened to 128 bits.
	 * @throws IllegalArgumentException when an id is not hexadecimal of the right length
	 */
	static String normalize(String name, String value) {
		if (SPAN_ID.equals(name)) {
			if (!SPAN_ID_FORMAT.matcher(value).matches()) {
				throw new IllegalArgumentException("span_id must be 16 hexadecimal digits, as in "
						+ "span_id=00f067aa0ba902b7 (" + value.length() + " characters given)");
			}
			return value.toLowerCase(Locale.ROOT);
		}
		if (TRACE_ID.equals(name)) {
			if (!TRACE_ID_FORMAT.matcher(value).matches()) {
				throw new IllegalArgumentException("trace_id must be 32 (or 16) hexadecimal digits, as in "
						+ "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 (" + value.length() + " characters given)");
			}
			String lower = value.toLowerCase(Locale.ROOT);
			return (lower.length() == 32) ? lower : "0".repeat(16) + lower;
		}
		return value;
	}

	static String spanId(long id) {
		return hex16(id);
	}

	static String traceId(long high, long low) {
		return hex16(high) + hex16(low);
	}

	private static String hex16(long value) {
		String hex = Long.toHexString(value);
		return (hex.length() == 16) ? hex : "0".repeat(16 - hex.length()) + hex;
	}

}

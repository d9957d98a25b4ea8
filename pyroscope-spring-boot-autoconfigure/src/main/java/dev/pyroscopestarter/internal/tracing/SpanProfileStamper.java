package dev.pyroscopestarter.internal.tracing;

import java.util.concurrent.ConcurrentHashMap;

import dev.pyroscopestarter.internal.agent.SpanContexts;
import org.jspecify.annotations.Nullable;

/**
 * Stamps the samples taken on the current thread with a span: its id, its name (as a profiler constant) and its
 * trace id, or clears the stamp. Pyroscope turns these into {@code span_id}/{@code span_name} sample labels, which
 * Grafana uses to show the profile of one span. Does nothing while no profiler runs, so that tracing never loads
 * the native library on its own.
 */
public final class SpanProfileStamper {

	/** Span names become profiler constants, which live as long as the JVM: keep their number bounded. */
	static final int MAX_SPAN_NAMES = 1_000;

	static final String OTHER_SPAN_NAME = "other";

	static final String UNNAMED = "unnamed";

	/** What the OpenTelemetry bridge calls a span that has no name yet. */
	private static final String OTEL_PLACEHOLDER_NAME = "<unspecified span name>";

	private final ConcurrentHashMap<String, Long> nameIds = new ConcurrentHashMap<>();

	private final SpanContexts contexts;

	public SpanProfileStamper(SpanContexts contexts) {
		this.contexts = contexts;
	}

	void stamp(long spanId, @Nullable String spanName, @Nullable String traceIdHex) {
		if (!this.contexts.enabled()) {
			return;
		}
		this.contexts.stamp(spanId, nameId(spanName), (traceIdHex != null) ? padTo32(traceIdHex) : null);
	}

	void clear() {
		if (this.contexts.enabled()) {
			this.contexts.clear();
		}
	}

	private long nameId(@Nullable String spanName) {
		String name = (spanName == null || spanName.isEmpty() || OTEL_PLACEHOLDER_NAME.equals(spanName)) ? UNNAMED
				: spanName;
		Long id = this.nameIds.get(name);
		if (id != null) {
			return id;
		}
		if (this.nameIds.size() >= MAX_SPAN_NAMES) {
			name = OTHER_SPAN_NAME;
		}
		return this.nameIds.computeIfAbsent(name, this.contexts::registerName);
	}

	static long parseSpanId(String hex) {
		return Long.parseUnsignedLong(hex, 16);
	}

	private static String padTo32(String traceIdHex) {
		return (traceIdHex.length() >= 32) ? traceIdHex : "0".repeat(32 - traceIdHex.length()) + traceIdHex;
	}

}

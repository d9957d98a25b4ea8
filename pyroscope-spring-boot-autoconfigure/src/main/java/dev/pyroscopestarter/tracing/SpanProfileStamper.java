package dev.pyroscopestarter.tracing;

import java.util.concurrent.ConcurrentHashMap;

import io.pyroscope.javaagent.ProfilerSdk;
import io.pyroscope.labels.v2.ScopedContext;

/**
 * Stamps the samples taken on the current thread with a span: its id, its name (as a profiler constant) and its
 * trace id, or clears the stamp. Pyroscope turns these into {@code span_id}/{@code span_name} sample labels, which
 * Grafana uses to show the profile of one span. Does nothing while no profiler runs, so that tracing never loads
 * the native library on its own.
 */
final class SpanProfileStamper {

	/** Span names become profiler constants, which live as long as the JVM: keep their number bounded. */
	static final int MAX_SPAN_NAMES = 1_000;

	static final String OTHER_SPAN_NAME = "other";

	static final String UNNAMED = "unnamed";

	/** What the OpenTelemetry bridge calls a span that has no name yet. */
	private static final String OTEL_PLACEHOLDER_NAME = "<unspecified span name>";

	private final ConcurrentHashMap<String, Long> nameIds = new ConcurrentHashMap<>();

	private volatile ProfilerSdk sdk;

	void stamp(long spanId, String spanName, String traceIdHex) {
		ProfilerSdk profiler = profiler();
		if (profiler == null) {
			return;
		}
		profiler.setTracingContext(spanId, nameId(profiler, spanName));
		if (traceIdHex != null) {
			profiler.setTraceId(padTo32(traceIdHex));
		}
	}

	void clear() {
		ProfilerSdk profiler = profiler();
		if (profiler == null) {
			return;
		}
		profiler.setTracingContext(0, 0);
		profiler.clearTraceId();
	}

	private ProfilerSdk profiler() {
		// The agent raises this flag once the profiler runs (started by the starter or by -javaagent).
		if (!ScopedContext.ENABLED.get()) {
			return null;
		}
		ProfilerSdk profiler = this.sdk;
		if (profiler == null) {
			synchronized (this) {
				if (this.sdk == null) {
					this.sdk = new ProfilerSdk();
				}
				profiler = this.sdk;
			}
		}
		return profiler;
	}

	private long nameId(ProfilerSdk profiler, String spanName) {
		String name = (spanName == null || spanName.isEmpty() || OTEL_PLACEHOLDER_NAME.equals(spanName)) ? UNNAMED
				: spanName;
		Long id = this.nameIds.get(name);
		if (id != null) {
			return id;
		}
		if (this.nameIds.size() >= MAX_SPAN_NAMES) {
			name = OTHER_SPAN_NAME;
		}
		return this.nameIds.computeIfAbsent(name, profiler::registerConstant);
	}

	static long parseSpanId(String hex) {
		return Long.parseUnsignedLong(hex, 16);
	}

	private static String padTo32(String traceIdHex) {
		return (traceIdHex.length() >= 32) ? traceIdHex : "0".repeat(32 - traceIdHex.length()) + traceIdHex;
	}

}

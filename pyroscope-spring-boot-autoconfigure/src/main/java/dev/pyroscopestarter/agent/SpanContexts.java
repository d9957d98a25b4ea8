package dev.pyroscopestarter.agent;

import io.pyroscope.javaagent.ProfilerSdk;
import io.pyroscope.labels.v2.ScopedContext;
import org.jspecify.annotations.Nullable;

/**
 * Stamps the samples of the current thread with a span: its id, the id of its name (a profiler constant) and its
 * trace id. Does nothing while no agent runs, so that tracing never loads the native library on its own.
 */
public final class SpanContexts {

	private volatile @Nullable ProfilerSdk sdk;

	/** Whether an agent runs (started by the starter or with {@code -javaagent}). */
	public boolean enabled() {
		return ScopedContext.ENABLED.get();
	}

	/**
	 * @param spanId the span id, 0 for none
	 * @param nameId the id of the span name from {@link #registerName}, 0 for none
	 * @param traceIdHex the trace id as 32 hex digits, or null to leave it
	 */
	public void stamp(long spanId, long nameId, @Nullable String traceIdHex) {
		ProfilerSdk profiler = sdk();
		if (profiler == null) {
			return;
		}
		profiler.setTracingContext(spanId, nameId);
		if (traceIdHex != null) {
			profiler.setTraceId(traceIdHex);
		}
	}

	public void clear() {
		ProfilerSdk profiler = sdk();
		if (profiler == null) {
			return;
		}
		profiler.setTracingContext(0, 0);
		profiler.clearTraceId();
	}

	/** Registers a span name as a profiler constant, which lives as long as the JVM; 0 when no agent runs. */
	public long registerName(String name) {
		ProfilerSdk profiler = sdk();
		return (profiler != null) ? profiler.registerConstant(name) : 0;
	}

	private @Nullable ProfilerSdk sdk() {
		// The agent raises this flag once the profiler runs.
		if (!enabled()) {
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

}

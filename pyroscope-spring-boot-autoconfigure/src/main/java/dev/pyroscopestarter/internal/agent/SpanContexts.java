package dev.pyroscopestarter.internal.agent;

import dev.pyroscopestarter.internal.agent.engine.NativeProfiler;
import dev.pyroscopestarter.internal.agent.virtualthreads.CarriedContext;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads;
import io.pyroscope.javaagent.ProfilerSdk;
import org.jspecify.annotations.Nullable;

/**
 * Stamps the samples of the current thread with a span: its id, the id of its name (a profiler constant) and its
 * trace id. Does nothing while no agent runs, so that tracing never loads the native library on its own. On a
 * virtual thread the stamp is also recorded for the mount hooks ({@link dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads}), so that it follows the
 * thread from carrier to carrier.
 */
public final class SpanContexts {

	private volatile @Nullable ProfilerSdk sdk;

	/** Whether an agent runs (started by the starter or with {@code -javaagent}). */
	public boolean enabled() {
		return NativeProfiler.running();
	}

	/**
	 * @param spanId the span id, 0 for none
	 * @param nameId the id of the span name from {@link #registerName}, 0 for none
	 * @param traceIdHex the trace id as 32 hex digits, or null to leave it
	 */
	public void stamp(long spanId, long nameId, @Nullable String traceIdHex) {
		NativeProfiler profiler = NativeProfiler.ifRunning();
		if (profiler == null) {
			return;
		}
		CarriedContext carried = carried();
		profiler.setTracingContext(spanId, nameId);
		if (carried != null) {
			carried.span(spanId, nameId);
		}
		if (traceIdHex != null && isTraceId(traceIdHex)) {
			long high = Long.parseUnsignedLong(traceIdHex, 0, 16, 16);
			long low = Long.parseUnsignedLong(traceIdHex, 16, 32, 16);
			profiler.setTraceId(high, low);
			if (carried != null) {
				carried.traceId(high, low);
			}
		}
	}

	public void clear() {
		NativeProfiler profiler = NativeProfiler.ifRunning();
		if (profiler == null) {
			return;
		}
		profiler.setTracingContext(0, 0);
		profiler.setTraceId(0, 0);
		CarriedContext carried = carried();
		if (carried != null) {
			carried.span(0, 0);
			carried.traceId(0, 0);
		}
	}

	/** Registers a span name as a profiler constant, which lives as long as the JVM; 0 when no agent runs. */
	public long registerName(String name) {
		if (!enabled()) {
			return 0;
		}
		ProfilerSdk sdk = this.sdk;
		if (sdk == null) {
			synchronized (this) {
				if (this.sdk == null) {
					this.sdk = new ProfilerSdk();
				}
				sdk = this.sdk;
			}
		}
		return sdk.registerConstant(name);
	}


	private static @Nullable CarriedContext carried() {
		return VirtualThreads.carried();
	}

	private static boolean isTraceId(String hex) {
		if (hex.length() != 32) {
			return false;
		}
		for (int i = 0; i < 32; i++) {
			if (Character.digit(hex.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

}

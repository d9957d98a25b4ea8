package dev.pyroscopestarter.internal.agent.engine;

import io.pyroscope.PyroscopeAsyncProfiler;
import io.pyroscope.labels.v2.ScopedContext;
import io.pyroscope.vendor.one.profiler.AsyncProfiler;
import org.jspecify.annotations.Nullable;

/**
 * The profiler's per-thread contexts, set natively: the one place the agent's async-profiler is looked up. Each
 * setter applies to the calling OS thread (the carrier, under a virtual thread).
 */
public final class NativeProfiler implements NativeContextSetter {

	private static volatile @Nullable NativeProfiler bound;

	private final AsyncProfiler profiler;

	private NativeProfiler(AsyncProfiler profiler) {
		this.profiler = profiler;
	}

	/** Whether an agent runs and records contexts (started by the starter or with {@code -javaagent}). */
	public static boolean running() {
		return ScopedContext.ENABLED.get();
	}

	/** The profiler's setters, or null while no agent runs. */
	public static @Nullable NativeProfiler ifRunning() {
		if (!running()) {
			return null;
		}
		NativeProfiler instance = bound;
		if (instance == null) {
			// The agent's profiler is one per JVM: looking it up twice at once finds the same one.
			instance = new NativeProfiler(PyroscopeAsyncProfiler.getAsyncProfiler());
			bound = instance;
		}
		return instance;
	}

	@Override
	public void setContextId(long contextId) {
		this.profiler.setContextId(contextId);
	}

	@Override
	public void setTracingContext(long spanId, long spanNameId) {
		this.profiler.setTracingContext(spanId, spanNameId);
	}

	@Override
	public void setTraceId(long high, long low) {
		this.profiler.setTraceId(high, low);
	}

	/** The native profiler's version. Ask only while an agent runs: asking earlier loads the native library. */
	public static @Nullable String version() {
		try {
			return PyroscopeAsyncProfiler.getAsyncProfiler().getVersion();
		}
		catch (LinkageError | RuntimeException ex) {
			return null;
		}
	}

}

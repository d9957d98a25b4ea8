package dev.pyroscopestarter.labels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.pyroscope.PyroscopeAsyncProfiler;
import io.pyroscope.labels.v2.ScopedContext;
import io.pyroscope.vendor.one.profiler.AsyncProfiler;

/**
 * The few things the agent's public label API does not offer: reading a scope's context id, and setting the
 * current thread's context id to a given one (zero, or an outer scope's id after a scope was closed elsewhere).
 * Nothing here loads the native library unless the agent has enabled labels, which it does once it runs.
 */
final class NativeContext {

	private static final VarHandle CONTEXT_ID;

	static {
		try {
			CONTEXT_ID = MethodHandles.privateLookupIn(ScopedContext.class, MethodHandles.lookup())
				.findVarHandle(ScopedContext.class, "contextId", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static volatile AsyncProfiler profiler;

	private NativeContext() {
	}

	/** Whether the agent runs and records label contexts. */
	static boolean enabled() {
		return ScopedContext.ENABLED.get();
	}

	/** The context id of a scope; 0 when it was opened while the agent was not running. */
	static long idOf(ScopedContext context) {
		return (context != null) ? (long) CONTEXT_ID.get(context) : 0L;
	}

	/** Makes {@code contextId} the current thread's context (0: no labels). */
	static void set(long contextId) {
		if (!enabled()) {
			return;
		}
		AsyncProfiler instance = profiler;
		if (instance == null) {
			instance = PyroscopeAsyncProfiler.getAsyncProfiler();
			profiler = instance;
		}
		instance.setContextId(contextId);
	}

}

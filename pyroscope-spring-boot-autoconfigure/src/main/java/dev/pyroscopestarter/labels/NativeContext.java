package dev.pyroscopestarter.labels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.pyroscope.PyroscopeAsyncProfiler;
import io.pyroscope.labels.v2.ConstantContext;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.ScopedContext;
import io.pyroscope.vendor.one.profiler.AsyncProfiler;

/**
 * The agent's label contexts, and the few things its public API does not offer: opening a scoped context that
 * restores a given id, reading a context's id, and setting the thread's context id directly. Nothing here loads
 * the native library unless the agent has enabled labels, which it does once it runs.
 * <p>
 * Label sets fixed in code (annotation literals, routes, methods) get one constant context each, registered once
 * and reused by every scope: the agent reports them in every upload, so their number is capped.
 */
final class NativeContext {

	/** Most constant contexts registered; label sets beyond it get a scoped context per scope. */
	static final int MAX_CONSTANT_CONTEXTS = 10_000;

	/**
	 * Most constant contexts for hot sets of dynamic values. Lower than for fixed sets: a dynamic value that is hot in
	 * one window may never come back, and its set stays in every upload.
	 */
	static final int MAX_HOT_CONTEXTS = 256;

	private static final VarHandle SCOPED_ID;

	private static final VarHandle CONSTANT_ID;

	private static final MethodHandle SCOPED_WITH_PREVIOUS;

	private static final Map<LabelSet, Long> CONSTANT_IDS = new ConcurrentHashMap<>();

	private static final AtomicInteger HOT_CONTEXTS = new AtomicInteger();

	/** False when this agent version lacks the internals used here: labels are then off, calls unaffected. */
	private static final boolean SUPPORTED;

	static {
		VarHandle scopedId = null;
		VarHandle constantId = null;
		MethodHandle scopedWithPrevious = null;
		boolean supported;
		try {
			MethodHandles.Lookup scoped = MethodHandles.privateLookupIn(ScopedContext.class, MethodHandles.lookup());
			scopedId = scoped.findVarHandle(ScopedContext.class, "contextId", long.class);
			scopedWithPrevious = scoped.findConstructor(ScopedContext.class,
					MethodType.methodType(void.class, LabelsSet.class, long.class));
			constantId = MethodHandles.privateLookupIn(ConstantContext.class, MethodHandles.lookup())
				.findVarHandle(ConstantContext.class, "contextId", long.class);
			supported = true;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// A profiler must never break the calls it labels: without these internals, label scopes do nothing.
			supported = false;
			org.apache.commons.logging.LogFactory.getLog(NativeContext.class)
				.warn("This io.pyroscope:agent version lacks what the starter's dynamic labels use (" + ex
						+ "); @ProfileTag, the labels API and route labels are off. The starter is built for agent 2.9.x.");
		}
		SCOPED_ID = scopedId;
		CONSTANT_ID = constantId;
		SCOPED_WITH_PREVIOUS = scopedWithPrevious;
		SUPPORTED = supported;
	}

	private static volatile AsyncProfiler profiler;

	private NativeContext() {
	}

	/** Whether the agent runs and records label contexts. */
	static boolean enabled() {
		return SUPPORTED && ScopedContext.ENABLED.get();
	}

	/** A new scoped context, made current; closing it makes {@code previousId} current again. */
	static ScopedContext openScoped(LabelsSet labels, long previousId) {
		try {
			return (ScopedContext) SCOPED_WITH_PREVIOUS.invokeExact(labels, previousId);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The context id of a scope; 0 when it was opened while the agent was not running. */
	static long idOf(ScopedContext context) {
		return (long) SCOPED_ID.get(context);
	}

	/**
	 * The id of the constant context for {@code labels}, registering it once; 0 when the cap is reached.
	 * @param hot whether the set holds dynamic values (capped lower)
	 */
	static long constantId(LabelSet labels, boolean hot) {
		Long id = CONSTANT_IDS.get(labels);
		if (id != null) {
			return id;
		}
		if (CONSTANT_IDS.size() >= MAX_CONSTANT_CONTEXTS || (hot && HOT_CONTEXTS.get() >= MAX_HOT_CONTEXTS)) {
			return 0;
		}
		return CONSTANT_IDS.computeIfAbsent(labels, (key) -> {
			if (hot) {
				HOT_CONTEXTS.incrementAndGet();
			}
			return (long) CONSTANT_ID.get(ConstantContext.of(key.agentLabels()));
		});
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

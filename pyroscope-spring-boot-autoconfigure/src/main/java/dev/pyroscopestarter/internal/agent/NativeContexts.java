package dev.pyroscopestarter.internal.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pyroscopestarter.internal.agent.engine.NativeProfiler;
import io.pyroscope.labels.v2.ConstantContext;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.ScopedContext;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The agent's label contexts, and the few things its public API does not offer: opening a scoped context that
 * restores a given id, reading a context's id, and setting the thread's context id directly. Nothing here loads the
 * native library unless the agent has enabled labels, which it does once it runs.
 * <p>
 * Label sets fixed in code (annotation literals, routes, methods) get one constant context each, registered once
 * and reused by every scope: the agent reports them in every upload, so their number is capped, per instance.
 */
public final class NativeContexts {

	/** Most constant contexts registered; label sets beyond it get a scoped context per scope. */
	public static final int MAX_CONSTANT_CONTEXTS = 10_000;

	/**
	 * Most constant contexts for hot sets of dynamic values. Lower than for fixed sets: a dynamic value that is hot
	 * in one window may never come back, and its set stays in every upload.
	 */
	public static final int MAX_HOT_CONTEXTS = 256;

	private static final @Nullable VarHandle SCOPED_ID;

	private static final @Nullable VarHandle CONSTANT_ID;

	private static final @Nullable MethodHandle SCOPED_WITH_PREVIOUS;

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
			LogFactory.getLog(NativeContexts.class)
				.warn("This io.pyroscope:agent version lacks what the starter's dynamic labels use (" + ex
						+ "); @ProfileTag, the labels API and route labels are off. The starter is built for agent 2.9.x.");
		}
		SCOPED_ID = scopedId;
		CONSTANT_ID = constantId;
		SCOPED_WITH_PREVIOUS = scopedWithPrevious;
		SUPPORTED = supported;
	}

	private final Map<Object, Long> constantIds = new ConcurrentHashMap<>();

	private final AtomicInteger hotContexts = new AtomicInteger();

	private final int maxConstantContexts;

	private final int maxHotContexts;

	public NativeContexts() {
		this(MAX_CONSTANT_CONTEXTS, MAX_HOT_CONTEXTS);
	}

	/**
	 * @param maxConstantContexts most constant contexts this instance registers
	 * @param maxHotContexts most of them for sets of dynamic values
	 */
	public NativeContexts(int maxConstantContexts, int maxHotContexts) {
		this.maxConstantContexts = maxConstantContexts;
		this.maxHotContexts = maxHotContexts;
	}

	/** Whether an agent runs and records label contexts. */
	public static boolean enabled() {
		return SUPPORTED && ScopedContext.ENABLED.get();
	}

	/** A new scoped context, made current; closing it makes {@code previousId} current again. */
	public NativeScope open(NativeLabels labels, long previousId) {
		ScopedContext context;
		try {
			context = (ScopedContext) supported(SCOPED_WITH_PREVIOUS).invokeExact(labels.labels, previousId);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
		return new NativeScope(context, (long) supported(SCOPED_ID).get(context));
	}

	/**
	 * The id of the constant context for a label set, registering it once; 0 when the cap is reached.
	 * @param key what identifies the set (equal sets, equal keys)
	 * @param labels the set in the agent's form
	 * @param hot whether the set holds dynamic values (capped lower)
	 */
	public long constantId(Object key, NativeLabels labels, boolean hot) {
		Long id = this.constantIds.get(key);
		if (id != null) {
			return id;
		}
		if (this.constantIds.size() >= this.maxConstantContexts || (hot && this.hotContexts.get() >= this.maxHotContexts)) {
			return 0;
		}
		return this.constantIds.computeIfAbsent(key, (k) -> {
			if (hot) {
				this.hotContexts.incrementAndGet();
			}
			return (long) supported(CONSTANT_ID).get(ConstantContext.of(labels.labels));
		});
	}

	/** Makes {@code contextId} the current thread's context (0: no labels). */
	public static void setCurrent(long contextId) {
		NativeProfiler profiler = SUPPORTED ? NativeProfiler.ifRunning() : null;
		if (profiler != null) {
			profiler.setContextId(contextId);
		}
	}

	/** A handle found at class initialisation; callers check {@link #enabled()} first, so it is there. */
	private static <T> T supported(@Nullable T handle) {
		if (handle == null) {
			throw new IllegalStateException("This io.pyroscope:agent version lacks what dynamic labels use");
		}
		return handle;
	}

}

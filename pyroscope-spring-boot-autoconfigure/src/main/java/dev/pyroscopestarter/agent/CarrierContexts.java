package dev.pyroscopestarter.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.pyroscope.PyroscopeAsyncProfiler;
import io.pyroscope.labels.v2.ScopedContext;
import io.pyroscope.vendor.one.profiler.AsyncProfiler;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the profiler's per-carrier contexts in step with virtual threads. The profiler keeps the label context id
 * and the span per OS thread: a virtual thread that blocks inside a scope resumes on another carrier. Each virtual
 * thread records what it set in its {@link CarriedContext}; hooks run when it mounts (set the carrier's contexts
 * to its own) and when it unmounts (clear them), so samples carry the labels of the virtual thread that runs.
 * <p>
 * The hooks run inside the JDK's mount transition, where nothing may be loaded, linked or allocated: they find the
 * virtual thread's record without creating one, and {@link #prepareHooks()} runs every path once first.
 */
public final class CarrierContexts {

	private static final ThreadLocal<CarriedContext> CARRIED = new ThreadLocal<>();

	// Above the JDK's threshold for customizing a method handle invoked from a non-constant call site (127).
	private static final int WARM_UP_RUNS = 500;

	private static final @Nullable MethodHandle IS_VIRTUAL = lookupIsVirtual();

	private CarrierContexts() {
	}

	/** Whether the thread is a virtual one; always false on Java 17. */
	public static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/** The current thread's record, created on first use; call it on virtual threads only. */
	public static CarriedContext current() {
		CarriedContext carried = CARRIED.get();
		if (carried == null) {
			carried = new CarriedContext();
			CARRIED.set(carried);
		}
		return carried;
	}

	/**
	 * The mount and unmount hooks, with everything they use loaded, linked and bound. Needs a running agent and
	 * {@code java.lang} open to this class's module (the hooks read the virtual thread's thread-local map without
	 * adding an entry to it).
	 * @throws ReflectiveOperationException if this JDK's internals differ from what the hooks read
	 * @throws IllegalStateException if no agent runs
	 */
	public static Hooks prepareHooks() throws ReflectiveOperationException {
		if (!ScopedContext.ENABLED.get()) {
			throw new IllegalStateException("the profiler is not running");
		}
		AsyncProfiler profiler = PyroscopeAsyncProfiler.getAsyncProfiler();
		try {
			Peek.check();
		}
		catch (LinkageError ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof ReflectiveOperationException reflective) ? reflective
					: new ReflectiveOperationException(cause.toString());
		}
		Hooks hooks = new Hooks(new Hook(profiler, true), new Hook(profiler, false));
		// Run every path on this (platform) thread, found and not found, each native call bound, and often enough
		// that the method handles are customized (which spins classes) here rather than inside a mount.
		CarriedContext carried = current();
		apply(profiler, carried, true, true);
		apply(profiler, carried, false, true);
		for (int i = 0; i < WARM_UP_RUNS; i++) {
			hooks.mounted().run();
			hooks.unmounting().run();
		}
		CARRIED.remove();
		for (int i = 0; i < WARM_UP_RUNS; i++) {
			hooks.mounted().run();
			hooks.unmounting().run();
		}
		return hooks;
	}

	// Unmounting: clears only what the virtual thread set, so that carriers stay clean between virtual threads.
	private static void apply(AsyncProfiler profiler, CarriedContext carried, boolean mount, boolean always) {
		if (carried.contextId != 0 || always) {
			profiler.setContextId(mount ? carried.contextId : 0);
		}
		if ((carried.spanId | carried.spanNameId) != 0 || always) {
			profiler.setTracingContext(mount ? carried.spanId : 0, mount ? carried.spanNameId : 0);
		}
		if ((carried.traceIdHigh | carried.traceIdLow) != 0 || always) {
			profiler.setTraceId(mount ? carried.traceIdHigh : 0, mount ? carried.traceIdLow : 0);
		}
	}

	private static @Nullable MethodHandle lookupIsVirtual() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	/** What runs at the end of {@code VirtualThread.mount()} and at the start of {@code unmount()}. */
	public record Hooks(Runnable mounted, Runnable unmounting) {
	}

	/** One hook: on mount, the carrier takes the virtual thread's contexts; on unmount, they are cleared. */
	private static final class Hook implements Runnable {

		private final AsyncProfiler profiler;

		private final boolean mount;

		Hook(AsyncProfiler profiler, boolean mount) {
			this.profiler = profiler;
			this.mount = mount;
		}

		@Override
		public void run() {
			try {
				CarriedContext carried = Peek.carried(Thread.currentThread());
				if (carried != null) {
					apply(this.profiler, carried, this.mount, false);
				}
			}
			catch (Throwable ex) {
				// Nothing may disturb a mount or an unmount: samples then carry what the carrier held.
			}
		}

	}

	/**
	 * Reads a thread's entry of {@link #CARRIED} the way {@code ThreadLocal.get()} does, but without creating an
	 * entry where there is none: {@code get()} would allocate inside the mount transition. Initialised only after
	 * {@code java.lang} has been opened to this module.
	 */
	private static final class Peek {

		private static final MethodHandle GET_MAP;

		private static final MethodHandle GET_ENTRY;

		private static final MethodHandle VALUE;

		static {
			try {
				Class<?> map = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
				Class<?> entry = Class.forName("java.lang.ThreadLocal$ThreadLocalMap$Entry");
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				GET_MAP = MethodHandles.privateLookupIn(ThreadLocal.class, lookup)
					.findVirtual(ThreadLocal.class, "getMap", MethodType.methodType(map, Thread.class))
					.asType(MethodType.methodType(Object.class, ThreadLocal.class, Thread.class));
				GET_ENTRY = MethodHandles.privateLookupIn(map, lookup)
					.findVirtual(map, "getEntry", MethodType.methodType(entry, ThreadLocal.class))
					.asType(MethodType.methodType(Object.class, Object.class, ThreadLocal.class));
				VALUE = MethodHandles.privateLookupIn(entry, lookup)
					.findGetter(entry, "value", Object.class)
					.asType(MethodType.methodType(Object.class, Object.class));
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		static void check() {
		}

		static @Nullable CarriedContext carried(Thread thread) throws Throwable {
			Object map = (Object) GET_MAP.invokeExact((ThreadLocal<?>) CARRIED, thread);
			if (map == null) {
				return null;
			}
			Object entry = (Object) GET_ENTRY.invokeExact(map, (ThreadLocal<?>) CARRIED);
			return (entry != null) ? (CarriedContext) (Object) VALUE.invokeExact(entry) : null;
		}

	}

}

package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import dev.pyroscopestarter.internal.agent.engine.NativeContextSetter;
import dev.pyroscopestarter.internal.agent.engine.NativeProfiler;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the profiler's per-carrier contexts in step with virtual threads. The profiler keeps the label context id
 * and the span per OS thread: a virtual thread that blocks inside a scope resumes on another carrier. Each virtual
 * thread records what it set in its {@link CarriedContext}; hooks run when it mounts (the carrier's contexts become
 * its own) and when it unmounts, so samples carry the labels of the virtual thread that runs.
 * <p>
 * Each native call costs more than everything else a hook does, so each carrier also records what its native
 * contexts hold: a mount sets only what differs, and with CPU-time sampling an unmount only notes what the carrier
 * keeps (until the next mount, the carrier's scheduling work is charged to the virtual thread that just left it; the
 * carrier samples nothing while idle). Wall-clock sampling also samples idle carriers, so there the unmount clears
 * them. A carrier without a record yet (one is made the first time a virtual thread sets a context on it) is cleared
 * at each unmount.
 * <p>
 * The hooks run inside the JDK's mount transition, where nothing may be loaded, linked or allocated: they find the
 * records without creating any, and {@link #prepareHooks()} runs every path once first.
 */
final class CarrierContexts {

	/** Per virtual thread: what it wants its carrier's contexts to be. */
	private static final ThreadLocal<CarriedContext> CARRIED = new ThreadLocal<>();

	/** Per carrier: what its native contexts hold, while {@link CarriedContext#epoch} is current. */
	private static final ThreadLocal<CarriedContext> HELD = new ThreadLocal<>();

	// Above the JDK's threshold for customizing a method handle invoked from a non-constant call site (127).
	private static final int WARM_UP_RUNS = 500;

	private static final @Nullable MethodHandle IS_VIRTUAL = lookupIsVirtual();

	/**
	 * Changes whenever a carrier's record may no longer match its native contexts (the profiler started again) or
	 * the unmount behaviour changes; records of another epoch are set again in full at the next mount.
	 */
	private static volatile long epoch = 1;

	/** Whether carriers keep a virtual thread's contexts after it unmounts (CPU-time sampling). */
	private static volatile boolean keepAfterUnmount = true;

	/** Set once the hooks are prepared: from then on, carriers get records. */
	private static volatile boolean tracking;

	private CarrierContexts() {
	}

	/** Whether the thread is a virtual one; always false on Java 17. */
	static boolean isVirtual(Thread thread) {
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
	static CarriedContext current() {
		CarriedContext carried = CARRIED.get();
		if (carried == null) {
			carried = new CarriedContext();
			CARRIED.set(carried);
		}
		return carried;
	}

	/**
	 * Called when a profiler starts: what carriers hold natively is no longer known, and with wall-clock sampling
	 * idle carriers are sampled, so unmounting must clear them.
	 */
	static void profilerStarted(boolean wallClock) {
		keepAfterUnmount = !wallClock;
		epoch++;
	}

	/**
	 * Called after a virtual thread set a context on its carrier: the first time on a carrier, this creates the
	 * carrier's record, which holds what the virtual thread recorded (not inside a mount, so allocating is safe
	 * here). Once a carrier has one, the hooks keep it up to date.
	 */
	static void carrierHolds(CarriedContext carried) {
		if (!tracking) {
			return;
		}
		if (carried.mountedOn != null) {
			return;
		}
		try {
			Thread carrier = Peek.carrier();
			CarriedContext held = Peek.get(HELD, carrier);
			if (held == null) {
				held = new CarriedContext();
				held.copy(carried, epoch);
				Peek.set(HELD, carrier, held);
			}
			carried.mountedOn = held;
		}
		catch (Throwable ex) {
			// Without a record the carrier is cleared at each unmount: as right, a little slower.
		}
	}

	/**
	 * The mount and unmount hooks, with everything they use loaded, linked and bound. Needs a running agent and
	 * {@code java.lang} open to this class's module (the hooks read thread-local maps without adding entries).
	 * @throws ReflectiveOperationException if this JDK's internals differ from what the hooks read
	 * @throws IllegalStateException if no agent runs
	 */
	static Hooks prepareHooks() throws ReflectiveOperationException {
		NativeContextSetter profiler = NativeProfiler.ifRunning();
		if (profiler == null) {
			throw new IllegalStateException("the profiler is not running");
		}
		try {
			Peek.check();
		}
		catch (LinkageError ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof ReflectiveOperationException reflective) ? reflective
					: new ReflectiveOperationException(cause.toString());
		}
		Hooks hooks = hooks(profiler, PeekedRecords.INSTANCE);
		warmUp(hooks);
		tracking = true;
		return hooks;
	}

	// Runs every path on this (platform) thread, with and without records, each native call bound (with zeros
	// only: this thread may be sampled meanwhile), and often enough that the method handles are customized (which
	// spins classes) here rather than inside a mount. On a platform thread, the carrier is the thread itself.
	private static void warmUp(Hooks hooks) throws ReflectiveOperationException {
		boolean keep = keepAfterUnmount;
		try {
			current();
			CarriedContext held = new CarriedContext();
			Peek.set(HELD, Thread.currentThread(), held);
			for (int round = 0; round < 6; round++) {
				keepAfterUnmount = (round % 2 == 0);
				if (round == 2) {
					HELD.remove();
				}
				if (round == 4) {
					CARRIED.remove();
					Peek.set(HELD, Thread.currentThread(), held);
				}
				for (int i = 0; i < WARM_UP_RUNS; i++) {
					// The carrier holds something else than the virtual thread (which wants nothing) wants.
					held.contextId = i + 1;
					held.spanId = i + 1;
					held.spanNameId = i + 1;
					held.traceIdHigh = i + 1;
					held.traceIdLow = i + 1;
					held.epoch = (i % 7 == 0) ? 0 : epoch;
					hooks.mounted().run();
					hooks.unmounting().run();
				}
			}
		}
		catch (Throwable ex) {
			throw new ReflectiveOperationException(ex.toString());
		}
		finally {
			keepAfterUnmount = keep;
			CARRIED.remove();
			HELD.remove();
		}
	}

	/** The mount and unmount hooks over the given setters and records; for tests, without preparing anything. */
	static Hooks hooks(NativeContextSetter profiler, Records records) {
		return new Hooks(new Hook(profiler, records, true), new Hook(profiler, records, false));
	}

	// Sets the carrier's native contexts that differ from what it holds to what the virtual thread wants.
	private static void apply(NativeContextSetter profiler, CarriedContext held, CarriedContext wanted, boolean all) {
		if (all || held.contextId != wanted.contextId) {
			profiler.setContextId(wanted.contextId);
		}
		if (all || held.spanId != wanted.spanId || held.spanNameId != wanted.spanNameId) {
			profiler.setTracingContext(wanted.spanId, wanted.spanNameId);
		}
		if (all || held.traceIdHigh != wanted.traceIdHigh || held.traceIdLow != wanted.traceIdLow) {
			profiler.setTraceId(wanted.traceIdHigh, wanted.traceIdLow);
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
	record Hooks(Runnable mounted, Runnable unmounting) {
	}

	/** Where a hook finds the records, without creating any. */
	interface Records {

		/** The mounting or unmounting virtual thread's record, or null if it has none. */
		@Nullable CarriedContext carried() throws Throwable;

		/** The record of the carrier under the current virtual thread, or null if it has none. */
		@Nullable CarriedContext held() throws Throwable;

	}

	/** The records in the threads' thread-local maps, read without creating entries. */
	private static final class PeekedRecords implements Records {

		static final PeekedRecords INSTANCE = new PeekedRecords();

		@Override
		public @Nullable CarriedContext carried() throws Throwable {
			return Peek.get(CARRIED, Thread.currentThread());
		}

		@Override
		public @Nullable CarriedContext held() throws Throwable {
			return Peek.get(HELD, Peek.carrier());
		}

	}

	/** One hook; both run with the virtual thread as the current thread. */
	private static final class Hook implements Runnable {

		/** Stands for a virtual thread without a record: it set nothing. */
		private static final CarriedContext NONE = new CarriedContext();

		private final NativeContextSetter profiler;

		private final Records records;

		private final boolean mount;

		Hook(NativeContextSetter profiler, Records records, boolean mount) {
			this.profiler = profiler;
			this.records = records;
			this.mount = mount;
		}

		@Override
		public void run() {
			try {
				CarriedContext carried = this.records.carried();
				if (!this.mount && carried == null) {
					// This virtual thread set nothing: nothing to note or clear.
					return;
				}
				CarriedContext held = (!this.mount && carried != null && carried.mountedOn != null) ? carried.mountedOn
						: this.records.held();
				if (this.mount && carried != null) {
					carried.mountedOn = held;
				}
				if (held == null) {
					// No record of this carrier: its contexts are clear between virtual threads.
					if (carried != null) {
						apply(this.profiler, this.mount ? NONE : carried, this.mount ? carried : NONE, false);
					}
				}
				else if (this.mount) {
					long current = epoch;
					CarriedContext wanted = (carried != null) ? carried : NONE;
					apply(this.profiler, held, wanted, held.epoch != current);
					held.copy(wanted, current);
				}
				else if (carried != null) {
					if (keepAfterUnmount) {
						// The carrier keeps what this virtual thread set until the next mount compares.
						held.copy(carried, held.epoch);
					}
					else {
						apply(this.profiler, carried, NONE, held.epoch != epoch);
						held.copy(NONE, held.epoch);
					}
				}
			}
			catch (Throwable ex) {
				// Nothing may disturb a mount or an unmount: samples then carry what the carrier held.
			}
		}

	}

	/**
	 * Reads a thread's entry of a thread-local the way {@code ThreadLocal.get()} does, but without creating an
	 * entry where there is none ({@code get()} would allocate inside the mount transition), and for any thread,
	 * so also for the carrier under a virtual thread. Initialised only after {@code java.lang} has been opened to
	 * this module.
	 */
	private static final class Peek {

		private static final MethodHandle GET_MAP;

		private static final MethodHandle GET_ENTRY;

		private static final MethodHandle VALUE;

		private static final MethodHandle SET;

		private static final MethodHandle CARRIER;

		static {
			try {
				Class<?> map = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
				Class<?> entry = Class.forName("java.lang.ThreadLocal$ThreadLocalMap$Entry");
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				MethodHandles.Lookup threadLocal = MethodHandles.privateLookupIn(ThreadLocal.class, lookup);
				GET_MAP = threadLocal
					.findVirtual(ThreadLocal.class, "getMap", MethodType.methodType(map, Thread.class))
					.asType(MethodType.methodType(Object.class, ThreadLocal.class, Thread.class));
				GET_ENTRY = MethodHandles.privateLookupIn(map, lookup)
					.findVirtual(map, "getEntry", MethodType.methodType(entry, ThreadLocal.class))
					.asType(MethodType.methodType(Object.class, Object.class, ThreadLocal.class));
				VALUE = MethodHandles.privateLookupIn(entry, lookup)
					.findGetter(entry, "value", Object.class)
					.asType(MethodType.methodType(Object.class, Object.class));
				// What jdk.internal.misc.CarrierThreadLocal uses: a thread-local of another thread than the current.
				SET = threadLocal
					.findVirtual(ThreadLocal.class, "set", MethodType.methodType(void.class, Thread.class, Object.class))
					.asType(MethodType.methodType(void.class, ThreadLocal.class, Thread.class, Object.class));
				CARRIER = MethodHandles.privateLookupIn(Thread.class, lookup)
					.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		static void check() {
		}

		static Thread carrier() throws Throwable {
			return (Thread) CARRIER.invokeExact();
		}

		static @Nullable CarriedContext get(ThreadLocal<CarriedContext> local, Thread thread) throws Throwable {
			Object map = (Object) GET_MAP.invokeExact((ThreadLocal<?>) local, thread);
			if (map == null) {
				return null;
			}
			Object entry = (Object) GET_ENTRY.invokeExact(map, (ThreadLocal<?>) local);
			return (entry != null) ? (CarriedContext) (Object) VALUE.invokeExact(entry) : null;
		}

		static void set(ThreadLocal<CarriedContext> local, Thread thread, CarriedContext value) throws Throwable {
			SET.invokeExact((ThreadLocal<?>) local, thread, (Object) value);
		}

	}

}

package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

/**
 * The face of the virtual-thread machinery, which compiles and runs on Java 17 (where there are no virtual threads):
 * whether a thread is virtual, the record a virtual thread keeps of the contexts it set ({@link CarriedContext}),
 * what the profiler's start means for carriers, and pinning to a carrier. The mount hooks that make contexts
 * follow virtual threads are {@link VirtualThreadHooks}, installed by {@link VirtualThreadHooksInstaller} or on a
 * scope's request.
 * <p>
 * The state behind it is JVM-wide, because what it serves is: {@code java.lang.VirtualThread} is instrumented for
 * the JVM's life, and its hooks reach the per-thread records through static fields.
 */
public final class VirtualThreads {

	private static final @Nullable MethodHandle PIN = lookupContinuation("pin");

	private static final @Nullable MethodHandle UNPIN = lookupContinuation("unpin");

	private VirtualThreads() {
	}

	/** Whether the thread is a virtual one; always false on Java 17. */
	public static boolean isVirtual(Thread thread) {
		return CarrierContexts.isVirtual(thread);
	}

	/**
	 * The current thread's record of the contexts it set, for the mount hooks to apply on its next carrier, created
	 * on first use; null on a platform thread, which keeps its contexts itself.
	 */
	public static @Nullable CarriedContext carried() {
		return CarrierContexts.isVirtual(Thread.currentThread()) ? CarrierContexts.current() : null;
	}

	/**
	 * Called when a profiler starts: what carriers hold natively is no longer known, and with wall-clock sampling
	 * idle carriers are sampled, so unmounting must clear them.
	 */
	public static void profilerStarted(boolean wallClock) {
		CarrierContexts.profilerStarted(wallClock);
	}

	/** Whether {@link #pin()} works: the JVM exports {@code jdk.internal.vm} to this code. */
	public static boolean canPin() {
		return PIN != null && UNPIN != null;
	}

	/** Keeps the current virtual thread on its carrier until {@link #unpin()}; calls nest. */
	public static void pin() {
		MethodHandle pin = PIN;
		if (pin == null) {
			throw new IllegalStateException("Pinning is not available: see canPin()");
		}
		try {
			pin.invokeExact();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not pin the virtual thread to its carrier", ex);
		}
	}

	public static void unpin() {
		MethodHandle unpin = UNPIN;
		if (unpin == null) {
			throw new IllegalStateException("Pinning is not available: see canPin()");
		}
		try {
			unpin.invokeExact();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not unpin the virtual thread", ex);
		}
	}

	private static @Nullable MethodHandle lookupContinuation(String name) {
		try {
			Class<?> continuation = Class.forName("jdk.internal.vm.Continuation");
			if (!continuation.getModule().isExported(continuation.getPackageName(), VirtualThreads.class.getModule())) {
				return null;
			}
			return MethodHandles.lookup().findStatic(continuation, name, MethodType.methodType(void.class));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}

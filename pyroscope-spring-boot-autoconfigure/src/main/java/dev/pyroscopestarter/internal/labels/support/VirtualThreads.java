package dev.pyroscopestarter.internal.labels.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import dev.pyroscopestarter.internal.agent.CarrierContexts;

/**
 * Virtual thread checks that compile and run on Java 17, where there are none: {@code Thread.isVirtual()} and the
 * JDK's internal continuation pinning, both looked up once.
 */
public final class VirtualThreads {

	private static final MethodHandle PIN = lookupContinuation("pin");

	private static final MethodHandle UNPIN = lookupContinuation("unpin");

	private VirtualThreads() {
	}

	public static boolean isVirtual(Thread thread) {
		return CarrierContexts.isVirtual(thread);
	}

	/** Whether {@link #pin()} works: the JVM exports {@code jdk.internal.vm} to this code. */
	public static boolean canPin() {
		return PIN != null && UNPIN != null;
	}

	/** Keeps the current virtual thread on its carrier until {@link #unpin()}; calls nest. */
	static void pin() {
		try {
			PIN.invokeExact();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not pin the virtual thread to its carrier", ex);
		}
	}

	static void unpin() {
		try {
			UNPIN.invokeExact();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not unpin the virtual thread", ex);
		}
	}

	private static MethodHandle lookupContinuation(String name) {
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

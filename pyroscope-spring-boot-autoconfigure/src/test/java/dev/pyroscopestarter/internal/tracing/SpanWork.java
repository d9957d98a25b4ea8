package dev.pyroscopestarter.internal.tracing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import dev.pyroscopestarter.testsupport.CpuBurner;

/**
 * CPU work under names that tell, in a profile, where it ran: in the root span, in a child span on another
 * thread, after that child's scope closed, and outside any trace.
 */
final class SpanWork {

	private static volatile long sink;

	private SpanWork() {
	}

	static void inRootSpan(long millis) {
		sink = CpuBurner.burn(millis);
	}

	static void inChildSpan(long millis) {
		sink = CpuBurner.burn(millis);
	}

	static void afterChildScope(long millis) {
		sink = CpuBurner.burn(millis);
	}

	static void inNamedRootSpan(long millis) {
		sink = CpuBurner.burn(millis);
	}

	static void outsideAnyTrace(long millis) {
		sink = CpuBurner.burn(millis);
	}

	/**
	 * Burns {@code cpuMillis} of this thread's CPU time, however busy the machine: a known number of samples, next
	 * to which the request's own handling stays small.
	 */
	static void inProfiledRequest(long cpuMillis) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long end = threads.getCurrentThreadCpuTime() + cpuMillis * 1_000_000L;
		while (threads.getCurrentThreadCpuTime() < end) {
			sink = CpuBurner.burn(5);
		}
	}

	/** Waits as a request waiting on a database or another service does, burning no CPU. */
	static void waitingForIo(long millis) throws InterruptedException {
		Thread.sleep(millis);
	}

	static void inOtherRequest(long millis) {
		sink = CpuBurner.burn(millis);
	}

}

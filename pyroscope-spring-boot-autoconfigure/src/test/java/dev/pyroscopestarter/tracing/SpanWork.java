package dev.pyroscopestarter.tracing;

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

	static void inProfiledRequest(long millis) {
		sink = CpuBurner.burn(millis);
	}

	static void inOtherRequest(long millis) {
		sink = CpuBurner.burn(millis);
	}

}

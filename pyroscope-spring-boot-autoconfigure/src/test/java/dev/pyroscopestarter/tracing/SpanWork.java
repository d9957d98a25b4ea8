package dev.pyroscopestarter.tracing;

/**
 * CPU work under names that tell, in a profile, where it ran: in the root span, in a child span on another
 * thread, after that child's scope closed, and outside any trace.
 */
final class SpanWork {

	private static volatile long sink;

	private SpanWork() {
	}

	static void inRootSpan(long millis) {
		sink = burn(millis);
	}

	static void inChildSpan(long millis) {
		sink = burn(millis);
	}

	static void afterChildScope(long millis) {
		sink = burn(millis);
	}

	static void inNamedRootSpan(long millis) {
		sink = burn(millis);
	}

	static void outsideAnyTrace(long millis) {
		sink = burn(millis);
	}

	private static long burn(long millis) {
		long end = System.nanoTime() + millis * 1_000_000L;
		long x = 0;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 10_000; i++) {
				x += (x ^ i) * 31 + i;
			}
		}
		return x;
	}

}

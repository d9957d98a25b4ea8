package dev.pyroscopestarter.testsupport;

/**
 * Work the profiler can find: a method that only burns CPU, under a name no other code uses.
 */
public final class CpuBurner {

	private static volatile long sink;

	private CpuBurner() {
	}

	/** Burns CPU on the calling thread until {@code millis} of wall time have passed. */
	public static void burnCpuInHotMethod(long millis) {
		// Its own loop, not a call of burn(): the flame graph page stores names with shared prefixes, and tests
		// look for this name whole.
		long end = System.nanoTime() + millis * 1_000_000L;
		long x = 0;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 10_000; i++) {
				x += (x ^ i) * 31 + i;
			}
		}
		sink = x;
	}

	/** The loop, for callers whose own method name is what a test looks for on the stack. */
	public static long burn(long millis) {
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

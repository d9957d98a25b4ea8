package dev.pyroscopestarter.internal.config;

import java.time.Duration;

/**
 * Durations as people write them in {@code application.yml}: {@code 10s}, {@code 5m}, {@code 10ms}.
 */
public final class DurationText {

	private DurationText() {
	}

	public static String of(Duration duration) {
		long nanos = duration.toNanos();
		if (nanos == 0) {
			return "0s";
		}
		long[] sizes = { 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L };
		String[] units = { "h", "m", "s", "ms", "us" };
		for (int i = 0; i < sizes.length; i++) {
			if (nanos % sizes[i] == 0) {
				return (nanos / sizes[i]) + units[i];
			}
		}
		return nanos + "ns";
	}

}

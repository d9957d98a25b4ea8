package dev.pyroscopestarter.internal.profiler;

import java.time.Duration;

/**
 * How the profiler is run, besides what it samples.
 *
 * @param shutdownFlushTimeout how long stopping may wait for the last windows to be delivered
 * @param failFast whether a profiler that cannot start fails the application
 * @param onDemandMaxDuration the longest an operator may switch on more profiling for
 */
public record ProfilerSettings(Duration shutdownFlushTimeout, boolean failFast, Duration onDemandMaxDuration) {

	/** The default on-demand maximum: 15 minutes. */
	public static final Duration DEFAULT_ON_DEMAND_MAX_DURATION = Duration.ofMinutes(15);

	public ProfilerSettings(Duration shutdownFlushTimeout, boolean failFast) {
		this(shutdownFlushTimeout, failFast, DEFAULT_ON_DEMAND_MAX_DURATION);
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.time.Duration;

import dev.pyroscopestarter.internal.origin.FleetShare;

/**
 * How the profiler is run, besides what it samples.
 *
 * @param shutdownFlushTimeout how long stopping may wait for the last windows to be delivered
 * @param failFast whether a profiler that cannot start fails the application
 * @param onDemandMaxDuration the longest an operator may switch on more profiling for
 * @param fleetShare whether this instance is in the profiled share of its fleet: if not, the profiler does not start
 * with the application (it can still be started through the endpoint)
 */
public record ProfilerSettings(Duration shutdownFlushTimeout, boolean failFast, Duration onDemandMaxDuration,
		FleetShare fleetShare) {

	/** The default on-demand maximum: 15 minutes. */
	public static final Duration DEFAULT_ON_DEMAND_MAX_DURATION = Duration.ofMinutes(15);

	/** Settings for an instance that is profiled, as every instance is by default, with the default on-demand maximum. */
	public ProfilerSettings(Duration shutdownFlushTimeout, boolean failFast) {
		this(shutdownFlushTimeout, failFast, DEFAULT_ON_DEMAND_MAX_DURATION, FleetShare.all());
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.time.Duration;

import dev.pyroscopestarter.internal.origin.FleetShare;

/**
 * How the profiler is run, besides what it samples.
 *
 * @param shutdownFlushTimeout how long stopping may wait for the last windows to be delivered
 * @param failFast whether a profiler that cannot start fails the application
 * @param fleetShare whether this instance is in the profiled share of its fleet: if not, the profiler does not start
 * with the application (it can still be started through the endpoint)
 */
public record ProfilerSettings(Duration shutdownFlushTimeout, boolean failFast, FleetShare fleetShare) {

	/** Settings for an instance that is profiled, as every instance is by default. */
	public ProfilerSettings(Duration shutdownFlushTimeout, boolean failFast) {
		this(shutdownFlushTimeout, failFast, FleetShare.all());
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.time.Duration;

/**
 * How the profiler is run, besides what it samples.
 *
 * @param shutdownFlushTimeout how long stopping may wait for the last windows to be delivered
 * @param failFast whether a profiler that cannot start fails the application
 */
public record ProfilerSettings(Duration shutdownFlushTimeout, boolean failFast) {

}

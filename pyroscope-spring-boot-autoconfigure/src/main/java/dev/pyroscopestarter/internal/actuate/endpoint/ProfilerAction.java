package dev.pyroscopestarter.internal.actuate.endpoint;

/**
 * What an operator can ask of the profiler through the endpoint's write operation.
 */
public enum ProfilerAction {

	/** Start profiling again (or retry a start that failed). */
	START,

	/** Stop profiling: the last, partial window is handed over and the upload queue flushed, as at shutdown. */
	STOP,

	/** Switch on more profiling for a while (wall-clock, a shorter interval, allocations, locks); it reverts by itself. */
	MORE,

	/** Go back to the configured settings now, ending what {@link #MORE} switched on. */
	REVERT

}

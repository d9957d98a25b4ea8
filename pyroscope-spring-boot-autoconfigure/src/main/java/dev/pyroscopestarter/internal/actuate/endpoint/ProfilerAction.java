package dev.pyroscopestarter.internal.actuate.endpoint;

/**
 * What an operator can ask of the profiler through the endpoint's write operation.
 */
public enum ProfilerAction {

	/** Start profiling again (or retry a start that failed). */
	START,

	/** Stop profiling: the last, partial window is handed over and the upload queue flushed, as at shutdown. */
	STOP

}

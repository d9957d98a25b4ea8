package dev.pyroscopestarter.internal.profiler;

/**
 * Where the managed profiler stands.
 */
public enum ProfilerState {

	/** Created, not started yet. */
	NEW,

	/** Sampling, and handing windows to the exporter. */
	RUNNING,

	/** Stopped by the application context or an operator. */
	STOPPED,

	/** Could not start; the reason says why. The application runs without profiling. */
	FAILED,

	/** The runtime cannot run the profiler (a GraalVM native image); the reason says why. */
	UNSUPPORTED,

	/**
	 * Started, but no profiling window has come for several upload intervals: the agent's scheduler stopped (it does
	 * on an error while dumping a window). Nothing is profiled until it is started again.
	 */
	STALLED,

	/** A Pyroscope agent was already running in this JVM (started with {@code -javaagent}); it was left alone. */
	EXTERNAL

}

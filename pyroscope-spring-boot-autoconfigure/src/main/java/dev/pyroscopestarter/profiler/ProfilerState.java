package dev.pyroscopestarter.profiler;

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

	/** A Pyroscope agent was already running in this JVM (started with {@code -javaagent}); it was left alone. */
	EXTERNAL

}

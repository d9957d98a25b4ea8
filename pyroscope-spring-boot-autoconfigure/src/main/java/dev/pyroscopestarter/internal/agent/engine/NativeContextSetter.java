package dev.pyroscopestarter.internal.agent.engine;

/**
 * Sets the calling thread's contexts in the profiler: what every sample then records. {@link NativeProfiler} sets
 * them natively; tests record the calls.
 */
public interface NativeContextSetter {

	/** The label context id (0: none). */
	void setContextId(long contextId);

	/** The span and the id of its name (0: none). */
	void setTracingContext(long spanId, long spanNameId);

	/** The trace id's two halves (0: none). */
	void setTraceId(long high, long low);

}

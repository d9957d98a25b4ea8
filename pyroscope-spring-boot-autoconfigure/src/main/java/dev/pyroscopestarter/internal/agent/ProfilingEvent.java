package dev.pyroscopestarter.internal.agent;

/**
 * Events that drive CPU sampling.
 */
public enum ProfilingEvent {

	/** Process CPU time through setitimer; works in any container. */
	ITIMER,

	/** CPU cycles through perf events; most precise, needs perf_event_open. */
	CPU,

	/** Wall clock time: running and waiting threads alike. */
	WALL,

	/** CPU time through per-thread timers. */
	CTIMER

}

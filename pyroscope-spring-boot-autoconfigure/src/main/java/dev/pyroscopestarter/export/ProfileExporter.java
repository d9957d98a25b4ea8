package dev.pyroscopestarter.export;

import java.time.Duration;

/**
 * Where the profiler's windows go: uploaded to a server, or kept in memory in local mode. Declare a bean of this
 * type to replace the starter's own.
 */
public interface ProfileExporter {

	/**
	 * Takes one profiling window. Called on the profiler's scheduling thread while it holds its lock, so it must
	 * hand the work off and return at once.
	 */
	void export(ProfileWindow window);

	/**
	 * Sends everything handed over so far, waiting at most {@code timeout}; what cannot be sent by then is
	 * dropped and counted.
	 */
	FlushResult flush(Duration timeout);

	/** Where windows go, as the profiler's start message says it; never with credentials. */
	default String destination() {
		return "handing profiles to " + getClass().getName();
	}

}

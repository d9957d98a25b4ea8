package dev.pyroscopestarter.export;

import java.time.Duration;

import io.pyroscope.javaagent.Snapshot;

/**
 * Where the profiler's windows go. Declare a bean of this type to replace the starter's uploader.
 */
public interface ProfileExporter {

	/**
	 * Takes one profiling window. Called on the profiler's scheduling thread while it holds its lock, so it must
	 * hand the work off and return at once.
	 */
	void export(Snapshot snapshot);

	/**
	 * Sends everything handed over so far, waiting at most {@code timeout}; what cannot be sent by then is
	 * dropped and counted.
	 */
	FlushResult flush(Duration timeout);

	/** Upload counters, for logs, health and the actuator endpoint. */
	UploadFigures figures();

}

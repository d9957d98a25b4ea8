package dev.pyroscopestarter.export.ingest;

import java.time.Duration;

/**
 * Told about every attempt to send a profile, for example to time uploads in metrics. Called on the upload
 * thread: it must return quickly. An exception it throws is ignored.
 */
@FunctionalInterface
public interface UploadListener {

	/**
	 * @param outcome whether the server accepted the profile
	 * @param duration how long the attempt took, from sending the request to reading the answer
	 * @param bytes size of the request body
	 */
	void attemptFinished(UploadOutcome outcome, Duration duration, long bytes);

}

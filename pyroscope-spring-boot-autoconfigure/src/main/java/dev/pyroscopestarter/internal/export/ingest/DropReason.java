package dev.pyroscopestarter.internal.export.ingest;

/**
 * Why a profile was not delivered.
 */
public enum DropReason {

	/** The upload queue was full; the oldest waiting profile made room. */
	QUEUE_FULL,

	/** The server answered with a 4xx that retrying cannot fix. */
	REJECTED,

	/** Every attempt failed with an error worth retrying. */
	RETRIES_EXHAUSTED,

	/** The shutdown flush timeout ran out before it could be sent. */
	SHUTDOWN,

	/**
	 * The server's ingestion quota was used up (a 429 saying when it resets) and the reset is further away than the
	 * uploader waits.
	 */
	QUOTA,

	/**
	 * Its window started longer ago than the server accepts (Pyroscope's ingestion window is one hour): sending it
	 * would only be refused.
	 */
	TOO_OLD

}

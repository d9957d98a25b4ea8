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
	SHUTDOWN

}

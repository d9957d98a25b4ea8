package dev.pyroscopestarter.export.ingest;

/**
 * How one upload attempt ended.
 */
public enum UploadOutcome {

	/** The server accepted the profile. */
	SUCCESS,

	/** An error answer or an I/O error; the profile is retried or, when that cannot help, dropped. */
	FAILURE

}

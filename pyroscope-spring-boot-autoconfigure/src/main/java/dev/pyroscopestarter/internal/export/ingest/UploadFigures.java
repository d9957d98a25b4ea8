package dev.pyroscopestarter.internal.export.ingest;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A consistent-enough view of the upload counters at one moment.
 *
 * @param received profiles handed over for upload: always succeeded + dropped + waiting
 * @param succeeded profiles the server accepted
 * @param failedAttempts attempts that failed, whether retried or not
 * @param retried attempts that were retries
 * @param dropped profiles given up, by reason
 * @param bytesSent bytes of accepted request bodies
 * @param lastSuccess when the last profile was accepted, or null
 * @param lastFailure when the last attempt failed, or null
 * @param lastStatus the last HTTP status received, or 0
 * @param lastError the last failure, without credentials, or null
 * @param queueDepth profiles waiting, the one in flight included
 * @param queueBytes bytes those profiles hold
 * @param labelNamesLeftOut dynamic label names taken off samples that had more than the server keeps per series
 * @param labelTextsCut label names, values and span names cut to the lengths the server accepts
 */
public record UploadFigures(long received, long succeeded, long failedAttempts, long retried, Map<DropReason, Long> dropped,
		long bytesSent, @Nullable Instant lastSuccess, @Nullable Instant lastFailure, int lastStatus, @Nullable String lastError,
		int queueDepth, long queueBytes, long labelNamesLeftOut, long labelTextsCut) {

	public long droppedTotal() {
		return this.dropped.values().stream().mapToLong(Long::longValue).sum();
	}

}

package dev.pyroscopestarter.internal.local;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the local store holds at one moment, and what it let go since startup.
 *
 * @param windows windows kept
 * @param pending windows handed over and not parsed yet (the one being parsed included)
 * @param retainedBytes bytes they hold: the aggregated profiles, their frame names, any raw recordings kept, and
 * the windows not parsed yet
 * @param recordingBytes of those, the raw recordings (kept only for the JFR download) and their labels
 * @param received windows handed to the store
 * @param evictedForAge windows let go because they were older than the retention
 * @param evictedForSize windows let go, younger than that, to stay within the size limit
 * @param oldestWindowStart start of the oldest window kept, or null
 * @param newestWindowEnd end of the newest window kept, or null; the window in progress is not kept yet
 */
public record LocalStoreFigures(int windows, int pending, long retainedBytes, long recordingBytes, long received,
		long evictedForAge, long evictedForSize, @Nullable Instant oldestWindowStart,
		@Nullable Instant newestWindowEnd) {

}

package dev.pyroscopestarter.agent;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One profiling window as the agent hands it over: a JFR recording and the labels of the contexts its samples
 * refer to, with what the server needs to know to store it.
 *
 * @param started when sampling for this window began
 * @param ended when it ended
 * @param units what the samples count, for the server ({@code samples}, {@code objects}...)
 * @param aggregationType how the server aggregates them ({@code sum}, {@code average})
 * @param sampleRate samples per second for time-based events, or 0
 * @param jfr the recording
 * @param labels the dynamic labels of the window, as Pyroscope's {@code LabelsSnapshot} protobuf; empty when none
 */
public record ProfileWindow(Instant started, Instant ended, String units, String aggregationType, long sampleRate,
		byte[] jfr, byte[] labels) {

	/** The size of a JFR chunk header: magic, version, chunk size and the offsets that follow. */
	private static final int CHUNK_HEADER = 68;

	/**
	 * Why the recording cannot be read, or null when its chunks are whole: an empty dump, or one a full disk or a
	 * removed temp file cut short, is better dropped than uploaded or shown.
	 */
	public @Nullable String recordingProblem() {
		if (this.jfr.length == 0) {
			return "the recording is empty";
		}
		int offset = 0;
		while (offset < this.jfr.length) {
			if (this.jfr.length - offset < CHUNK_HEADER || this.jfr[offset] != 'F' || this.jfr[offset + 1] != 'L'
					|| this.jfr[offset + 2] != 'R' || this.jfr[offset + 3] != 0) {
				return "the recording is not JFR, or is cut short";
			}
			long chunkSize = ByteBuffer.wrap(this.jfr, offset + 8, 8).getLong();
			if (chunkSize < CHUNK_HEADER || chunkSize > this.jfr.length - offset) {
				return "the recording is cut short";
			}
			offset += (int) chunkSize;
		}
		return null;
	}

	/** Bytes held: the recording and the labels. */
	public long size() {
		return (long) this.jfr.length + this.labels.length;
	}

	@Override
	public String toString() {
		return "ProfileWindow[" + this.started + " - " + this.ended + ", " + size() + " bytes]";
	}

}

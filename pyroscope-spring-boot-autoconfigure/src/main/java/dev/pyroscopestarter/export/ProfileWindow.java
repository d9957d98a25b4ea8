package dev.pyroscopestarter.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One profiling window as the profiler hands it to a {@link ProfileExporter}: a JFR recording and the labels of
 * the contexts its samples refer to, with what the server needs to know to store it. Immutable: the byte accessors
 * return copies, and {@link #writeJfrTo(OutputStream)} reads the recording without one.
 */
public final class ProfileWindow {

	/** The size of a JFR chunk header: magic, version, chunk size and the offsets that follow. */
	private static final int CHUNK_HEADER = 68;

	private final Instant started;

	private final Instant ended;

	private final String units;

	private final String aggregationType;

	private final long sampleRate;

	private final byte[] jfr;

	private final byte[] labels;

	/**
	 * A window over the given bytes, which it takes as they are: the caller must not change them afterwards.
	 * @param started when sampling for this window began
	 * @param ended when it ended
	 * @param units what the samples count, for the server ({@code samples}, {@code objects}...)
	 * @param aggregationType how the server aggregates them ({@code sum}, {@code average})
	 * @param sampleRate samples per second for time-based events, or 0
	 * @param jfr the recording
	 * @param labels the dynamic labels of the window, as Pyroscope's {@code LabelsSnapshot} protobuf; empty when
	 * none
	 */
	public ProfileWindow(Instant started, Instant ended, String units, String aggregationType, long sampleRate,
			byte[] jfr, byte[] labels) {
		this.started = started;
		this.ended = ended;
		this.units = units;
		this.aggregationType = aggregationType;
		this.sampleRate = sampleRate;
		this.jfr = jfr;
		this.labels = labels;
	}

	/** When sampling for this window began. */
	public Instant started() {
		return this.started;
	}

	/** When it ended. */
	public Instant ended() {
		return this.ended;
	}

	/** What the samples count, for the server ({@code samples}, {@code objects}...). */
	public String units() {
		return this.units;
	}

	/** How the server aggregates the samples ({@code sum}, {@code average}). */
	public String aggregationType() {
		return this.aggregationType;
	}

	/** Samples per second for time-based events, or 0. */
	public long sampleRate() {
		return this.sampleRate;
	}

	/** A copy of the JFR recording. */
	public byte[] jfr() {
		return this.jfr.clone();
	}

	/** The recording, read-only and without a copy. */
	public ByteBuffer jfrBuffer() {
		return ByteBuffer.wrap(this.jfr).asReadOnlyBuffer();
	}

	/** The size of the recording in bytes. */
	public int jfrSize() {
		return this.jfr.length;
	}

	/** Writes the recording to {@code out}, without a copy. */
	public void writeJfrTo(OutputStream out) throws IOException {
		out.write(this.jfr);
	}

	/** A copy of the dynamic labels, as Pyroscope's {@code LabelsSnapshot} protobuf; empty when none. */
	public byte[] labels() {
		return this.labels.clone();
	}

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
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof ProfileWindow that && this.started.equals(that.started)
				&& this.ended.equals(that.ended) && this.units.equals(that.units)
				&& this.aggregationType.equals(that.aggregationType) && this.sampleRate == that.sampleRate
				&& Arrays.equals(this.jfr, that.jfr) && Arrays.equals(this.labels, that.labels);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.started, this.ended, this.units, this.aggregationType, this.sampleRate,
				Arrays.hashCode(this.jfr), Arrays.hashCode(this.labels));
	}

	@Override
	public String toString() {
		return "ProfileWindow[" + this.started + " - " + this.ended + ", " + size() + " bytes]";
	}

}

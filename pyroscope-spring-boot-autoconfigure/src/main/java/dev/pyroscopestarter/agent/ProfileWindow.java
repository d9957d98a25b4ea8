package dev.pyroscopestarter.agent;

import java.time.Instant;

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

	/** Bytes held: the recording and the labels. */
	public long size() {
		return (long) this.jfr.length + this.labels.length;
	}

	@Override
	public String toString() {
		return "ProfileWindow[" + this.started + " - " + this.ended + ", " + size() + " bytes]";
	}

}

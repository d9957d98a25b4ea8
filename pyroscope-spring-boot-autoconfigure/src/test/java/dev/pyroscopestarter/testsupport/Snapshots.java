package dev.pyroscopestarter.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.labels.pb.JfrLabels;

/**
 * Profiles made up for exporter tests: the exporter does not read the JFR, so any bytes will do.
 */
public final class Snapshots {

	private Snapshots() {
	}

	public static Snapshot withLabels(int index) {
		JfrLabels.LabelsSnapshot labels = JfrLabels.LabelsSnapshot.newBuilder()
			.putContexts(7L, JfrLabels.Context.newBuilder().putLabels(1L, 2L).build())
			.putStrings(1L, "vehicle")
			.putStrings(2L, "car")
			.build();
		return snapshot(index, labels);
	}

	public static Snapshot withoutLabels(int index) {
		return snapshot(index, JfrLabels.LabelsSnapshot.getDefaultInstance());
	}

	private static Snapshot snapshot(int index, JfrLabels.LabelsSnapshot labels) {
		Instant started = Instant.ofEpochSecond(1_700_000_000L + index * 10L);
		byte[] data = ("profile #" + index + " ").repeat(200).getBytes(StandardCharsets.UTF_8);
		return new Snapshot(Format.JFR, EventType.ITIMER, started, started.plusSeconds(10), data, labels);
	}

	/** The index a snapshot made here was given, read back from its JFR bytes. */
	public static int indexOf(byte[] jfr) {
		String text = new String(jfr, StandardCharsets.UTF_8);
		return Integer.parseInt(text.substring("profile #".length(), text.indexOf(' ', "profile #".length())));
	}

}

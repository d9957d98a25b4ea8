package dev.pyroscopestarter.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.pyroscopestarter.export.ProfileWindow;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.labels.pb.JfrLabels;
import jdk.jfr.Recording;

/**
 * Profiles for tests: made up for exporter tests (the exporter does not read the JFR, so any bytes will do), or
 * recorded by the JDK's profiler for tests that read them.
 */
public final class Windows {

	/** A start time the server would accept: ten minutes before the tests began, whole seconds. */
	public static final Instant RECENT = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

	private Windows() {
	}

	public static ProfileWindow withLabels(int index) {
		return window(index, labels());
	}

	public static ProfileWindow withoutLabels(int index) {
		return window(index, JfrLabels.LabelsSnapshot.getDefaultInstance());
	}

	/** One context, 7, labelled {@code vehicle=car}. */
	public static JfrLabels.LabelsSnapshot labels() {
		return JfrLabels.LabelsSnapshot.newBuilder()
			.putContexts(7L, JfrLabels.Context.newBuilder().putLabels(1L, 2L).build())
			.putStrings(1L, "vehicle")
			.putStrings(2L, "car")
			.build();
	}

	/** The agent's form of a window, as its own exporter takes it. */
	public static ProfileWindow of(Snapshot snapshot, long sampleRate) {
		return new ProfileWindow(snapshot.started, snapshot.ended, snapshot.eventType.units.id,
				snapshot.eventType.aggregationType.id, sampleRate, snapshot.data, snapshot.labels.toByteArray());
	}

	public static ProfileWindow of(Instant started, Instant ended, byte[] jfr, JfrLabels.LabelsSnapshot labels) {
		return new ProfileWindow(started, ended, EventType.ITIMER.units.id, EventType.ITIMER.aggregationType.id, 100,
				jfr, labels.toByteArray());
	}

	/**
	 * A window recorded by the JDK's own profiler (the same execution-sample events, no context ids) while
	 * {@link CpuBurner#burnCpuInHotMethod} runs for {@code burnMillis}.
	 */
	public static ProfileWindow recordedByTheJdk(Path directory, long burnMillis) throws IOException {
		Instant started = Instant.now();
		Path file = Files.createTempFile(directory, "window", ".jfr");
		try (Recording recording = new Recording()) {
			recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
			recording.start();
			CpuBurner.burnCpuInHotMethod(burnMillis);
			recording.stop();
			recording.dump(file);
		}
		return of(started, Instant.now(), Files.readAllBytes(file), JfrLabels.LabelsSnapshot.getDefaultInstance());
	}

	private static ProfileWindow window(int index, JfrLabels.LabelsSnapshot labels) {
		// Recent, as real windows are: the uploader lets go of windows older than the server accepts.
		Instant started = RECENT.plusSeconds(index * 10L);
		byte[] data = ("profile #" + index + " ").repeat(200).getBytes(StandardCharsets.UTF_8);
		return of(started, started.plusSeconds(10), data, labels);
	}

	/** The index a window made here was given, read back from its JFR bytes. */
	public static int indexOf(byte[] jfr) {
		String text = new String(jfr, StandardCharsets.UTF_8);
		return Integer.parseInt(text.substring("profile #".length(), text.indexOf(' ', "profile #".length())));
	}

}

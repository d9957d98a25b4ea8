package dev.pyroscopestarter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

import dev.pyroscopestarter.export.ProfileWindow;
import io.pyroscope.labels.pb.JfrLabels;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;

/**
 * Windows whose samples a test writes one by one: JFR events named as the profiler's wall-clock samples, with its
 * context, span and trace fields and a sample count, each with the stack of the method that commits it. Unlike a
 * real profiler's recording, what it holds is known exactly. Contexts: 7 is {@code vehicle=car}, 8 is
 * {@code vehicle=bike, region=eu}, 0 has no labels.
 */
public final class SyntheticSamples {

	private SyntheticSamples() {
	}

	/** A window of the samples {@code samples} writes, and the labels of contexts 7 and 8. */
	public static ProfileWindow record(Path directory, Consumer<Recorder> samples) {
		try {
			Path file = Files.createTempFile(directory, "synthetic", ".jfr");
			Instant started = Instant.now();
			try (Recording recording = new Recording()) {
				recording.enable(WallClockSample.class).withStackTrace();
				recording.start();
				samples.accept(new Recorder());
				recording.stop();
				recording.dump(file);
			}
			return Windows.of(started, Instant.now(), Files.readAllBytes(file), labels());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Contexts 7 ({@code vehicle=car}) and 8 ({@code vehicle=bike, region=eu}). */
	public static JfrLabels.LabelsSnapshot labels() {
		return JfrLabels.LabelsSnapshot.newBuilder()
			.putContexts(7L, JfrLabels.Context.newBuilder().putLabels(1L, 2L).build())
			.putContexts(8L, JfrLabels.Context.newBuilder().putLabels(1L, 3L).putLabels(4L, 5L).build())
			.putStrings(1L, "vehicle")
			.putStrings(2L, "car")
			.putStrings(3L, "bike")
			.putStrings(4L, "region")
			.putStrings(5L, "eu")
			.putStrings(6L, "GET /rides")
			.build();
	}

	/** Writes samples; each carries the stack of its caller. */
	public static final class Recorder {

		/** One event standing for {@code samples} samples in context {@code contextId}. */
		public void sample(long contextId, long samples) {
			WallClockSample event = new WallClockSample();
			event.contextId = contextId;
			event.samples = samples;
			event.commit();
		}

		/** One sample in a span named {@code GET /rides} (string 6). */
		public void spanSample(long spanId, long traceIdHi, long traceIdLo) {
			WallClockSample event = new WallClockSample();
			event.samples = 1;
			event.spanId = spanId;
			event.traceIdHi = traceIdHi;
			event.traceIdLo = traceIdLo;
			event.spanName = 6;
			event.commit();
		}

	}

	@Name("profiler.WallClockSample")
	@StackTrace(true)
	static final class WallClockSample extends Event {

		long contextId;

		long spanId;

		long traceIdHi;

		long traceIdLo;

		long spanName;

		long samples;

	}

}

package dev.pyroscopestarter.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileWindowTest {

	@Test
	void aWholeRecordingHasNoProblemButAnEmptyOrCutOneHas(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("window.jfr");
		try (Recording recording = new Recording()) {
			recording.start();
			recording.stop();
			recording.dump(file);
		}
		byte[] whole = Files.readAllBytes(file);
		assertThat(window(whole).recordingProblem()).isNull();
		byte[] twoChunks = new byte[whole.length * 2];
		System.arraycopy(whole, 0, twoChunks, 0, whole.length);
		System.arraycopy(whole, 0, twoChunks, whole.length, whole.length);
		assertThat(window(twoChunks).recordingProblem()).as("chunks one after the other").isNull();
		assertThat(window(new byte[0]).recordingProblem()).isEqualTo("the recording is empty");
		assertThat(window(Arrays.copyOf(whole, whole.length - 10)).recordingProblem()).contains("cut short");
		assertThat(window(Arrays.copyOf(whole, 40)).recordingProblem()).contains("cut short");
		assertThat(window("not a recording at all, just text".repeat(4).getBytes()).recordingProblem())
			.contains("not JFR");
	}

	private static ProfileWindow window(byte[] jfr) {
		return new ProfileWindow(Instant.EPOCH, Instant.EPOCH, "samples", "sum", 100, jfr, new byte[0]);
	}

}

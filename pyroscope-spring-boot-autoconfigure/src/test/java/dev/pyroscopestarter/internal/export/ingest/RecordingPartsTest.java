package dev.pyroscopestarter.internal.export.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.testsupport.CollectingExporter;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.ServerProfiles;
import dev.pyroscopestarter.testsupport.TestProfilers;
import dev.pyroscopestarter.testsupport.WallClockRecordings;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recordings of the real profiler with CPU and wall-clock samples, split into the uploads the server reads right,
 * on recordings where the server's rules go wrong with the whole recording: a wall-clock sample's {@code samples}
 * carried into the CPU samples after it, and the wall-clock samples weighed with the CPU rate.
 */
class RecordingPartsTest {

	private static final long CPU_PERIOD = 10_000_000L;

	private static final long WALL_PERIOD = 20_000_000L;

	@Test
	void theServerReadsEachPartRightWhereItMisreadsTheWholeRecording() {
		// Which window shows it depends on the order the profiler's buffers reach the file: 1 to 3 carried samples
		// in each of the recordings tried by hand.
		ProfileWindow misread = WallClockRecordings
			.recordUntil((window) -> ServerProfiles.of(List.of(IngestedProfile.unsplit(window))).carried() > 0);
		IngestedProfile whole = IngestedProfile.unsplit(misread);
		long cpuTruth = whole.executionSamples().size() * CPU_PERIOD;
		long wallTruth = whole.wallClockSamples().stream().mapToLong((s) -> s.getLong("samples")).sum() * WALL_PERIOD;

		ServerProfiles asOne = ServerProfiles.of(List.of(whole));
		System.out.println("[whole recording] CPU " + asOne.total(ServerProfiles.CPU, (l) -> true) + " ns for "
				+ cpuTruth + ", wall " + asOne.total(ServerProfiles.WALL, (l) -> true) + " ns for " + wallTruth
				+ ", carried " + asOne.carried());
		assertThat(asOne.total(ServerProfiles.CPU, (l) -> true)).isGreaterThan(cpuTruth);
		assertThat(asOne.total(ServerProfiles.WALL, (l) -> true)).isEqualTo(wallTruth / 2);

		List<ProfileWindow> parts = RecordingParts.uploads(misread);
		assertThat(parts).hasSize(2);
		assertThat(parts).extracting(ProfileWindow::sampleRate).containsExactly(100L, 50L);
		assertThat(parts).allSatisfy((part) -> {
			assertThat(part.started()).isEqualTo(misread.started());
			assertThat(part.ended()).isEqualTo(misread.ended());
			assertThat(part.labels()).isEqualTo(misread.labels());
		});
		List<IngestedProfile> uploads = parts.stream().map(IngestedProfile::unsplit).toList();
		ServerProfiles asParts = ServerProfiles.of(uploads);
		assertThat(asParts.carried()).isZero();
		assertThat(asParts.total(ServerProfiles.CPU, (l) -> true)).isEqualTo(cpuTruth);
		assertThat(asParts.total(ServerProfiles.WALL, (l) -> true)).isEqualTo(wallTruth);
		// Nothing else lost: every other event of the recording is in both parts.
		assertThat(otherEvents(uploads.get(0))).isEqualTo(otherEvents(whole));
		assertThat(otherEvents(uploads.get(1))).isEqualTo(otherEvents(whole));
	}

	@Test
	void aRecordingWithOneKindOfTimedSampleIsUploadedWhole() throws Exception {
		List<ProfileWindow> windows = new CopyOnWriteArrayList<>();
		PyroscopeProfiler profiler = TestProfilers.profiler(TestProfilers.agentSettings("cpu-only",
				Duration.ofSeconds(1), null), new CollectingExporter(windows));
		try {
			profiler.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(100);
				return windows.stream().anyMatch((w) -> !IngestedProfile.unsplit(w).executionSamples().isEmpty());
			});
		}
		finally {
			profiler.stop();
		}
		for (ProfileWindow window : windows) {
			assertThat(RecordingParts.uploads(window)).containsExactly(window);
		}
	}

	private static Map<String, Long> otherEvents(IngestedProfile upload) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		for (RecordedEvent event : upload.events()) {
			String name = event.getEventType().getName();
			if (!name.equals(RecordingParts.WALL_CLOCK_SAMPLE) && !RecordingParts.OTHER_SAMPLES.contains(name)) {
				counts.merge(name, 1L, Long::sum);
			}
		}
		return counts;
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.pyroscopestarter.internal.actuate.health.PyroscopeHealthIndicator;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.testsupport.TestProfilers;
import io.pyroscope.javaagent.PyroscopeAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A profiler whose agent stopped producing windows says so, and comes back when started again; stopping and
 * starting leaves nothing behind in the temp directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProfilerStallAndCleanupTest {

	@Test
	void aProfilerWhoseSchedulerStoppedIsReportedStalledAndStartRecoversIt(CapturedOutput output) {
		LocalProfileStore store = new LocalProfileStore(Duration.ofMinutes(5), 64L << 20);
		PyroscopeProfiler profiler = TestProfilers
			.profiler(TestProfilers.agentSettings("stall-test", Duration.ofSeconds(1), null), store);
		profiler.start();
		try {
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
			await("a first window").atMost(Duration.ofSeconds(10)).until(() -> store.figures().received() > 0);
			// The agent's scheduler ends behind the profiler's back, as it does on an error while dumping a window.
			PyroscopeAgent.stop();
			await("reported stalled").atMost(Duration.ofSeconds(40))
				.until(() -> profiler.status().state() == ProfilerState.STALLED);
			assertThat(profiler.status().reason()).contains("no profiling window for");
			Health health = new PyroscopeHealthIndicator(profiler, null, false).health();
			assertThat(health.getStatus()).as("a stall never changes the application's health").isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("problem", "profiling has stalled")
				.containsEntry("state", "stalled");
			assertThat(new PyroscopeHealthIndicator(profiler, null, true).health().getStatus())
				.as("unless the team opts in").isEqualTo(Status.DOWN);
			assertThat(output.toString().split("Pyroscope profiling has stalled", -1)).as("logged once").hasSize(2);

			profiler.start();
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
			long before = store.figures().received();
			await("windows again").atMost(Duration.ofSeconds(10)).until(() -> store.figures().received() > before);
		}
		finally {
			profiler.stop();
		}
		assertThat(PyroscopeAgent.isStarted()).isFalse();
	}

	@Test
	void stoppingAndStartingLeavesNoRecordingBehind(@TempDir Path directory) throws IOException {
		LocalProfileStore store = new LocalProfileStore(Duration.ofMinutes(5), 64L << 20);
		PyroscopeProfiler profiler = TestProfilers.profiler(
				TestProfilers.agentSettings("cleanup-test", Duration.ofHours(1), directory.toString()), store);
		for (int i = 0; i < 3; i++) {
			profiler.start();
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
			assertThat(recordings(directory)).as("the recording in use").isEqualTo(1);
			profiler.stop();
		}
		assertThat(store.figures().received()).as("each stop handed its last window over").isEqualTo(3);
		assertThat(recordings(directory)).isZero();
	}

	private static long recordings(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".jfr")).count();
		}
	}

}

package dev.pyroscopestarter.internal.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.local.WindowProfile.Rows;
import dev.pyroscopestarter.internal.local.WindowProfile.SampleKey;
import dev.pyroscopestarter.testsupport.SyntheticSamples;
import dev.pyroscopestarter.testsupport.SyntheticSamples.Recorder;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window aggregated once: samples of a known recording summed per stack, sample key and second, their stacks a
 * trie of frames, their keys the labels of their context and their span.
 */
class WindowProfileTest {

	@TempDir
	Path directory;

	@Test
	void samplesAreSummedByTheirContextsLabels() {
		WindowProfile profile = WindowProfile.of(record((samples) -> {
			for (int i = 0; i < 10; i++) {
				checkout(samples, 7, 1);
			}
			checkout(samples, 8, 5);
			search(samples, 0, 2);
		}));
		assertThat(profile.readable()).isTrue();
		Map<Map<String, String>, long[]> byLabels = new HashMap<>();
		Rows rows = profile.rows(ProfileType.WALL);
		for (int row = 0; row < rows.size(); row++) {
			long[] sums = byLabels.computeIfAbsent(profile.keys().get(rows.key(row)).labels(), (k) -> new long[2]);
			sums[0] += rows.samples(row);
			sums[1] += rows.weight(row);
		}
		assertThat(byLabels.get(Map.of("vehicle", "car"))).containsExactly(10, 10);
		// One event standing for five samples: counted once, weighed five.
		assertThat(byLabels.get(Map.of("vehicle", "bike", "region", "eu"))).containsExactly(1, 5);
		assertThat(byLabels.get(Map.of())).containsExactly(1, 2);
		assertThat(profile.rows(ProfileType.ALLOC)).isNull();
		assertThat(profile.rows(ProfileType.LOCK)).isNull();
	}

	@Test
	void samplesOfOneStackKeyAndSecondShareARow() {
		WindowProfile profile = WindowProfile.of(record((samples) -> {
			for (int i = 0; i < 100; i++) {
				checkout(samples, 7, 1);
			}
		}));
		Rows rows = profile.rows(ProfileType.WALL);
		// A hundred samples of one stack and key: one row, two if a second ended meanwhile.
		assertThat(rows.size()).isBetween(1, 2);
		assertThat(profile.keys()).hasSize(1);
		for (int row = 0; row < rows.size(); row++) {
			long second = profile.epochSecond(rows.second(row));
			assertThat(second).isBetween(profile.started().getEpochSecond(), profile.ended().getEpochSecond());
		}
	}

	@Test
	void stacksAreATrieFromTheRootToTheSampledFrame() {
		WindowProfile profile = WindowProfile.of(record((samples) -> {
			checkout(samples, 7, 1);
			search(samples, 7, 1);
		}));
		Rows rows = profile.rows(ProfileType.WALL);
		assertThat(rows.size()).isEqualTo(2);
		List<List<String>> stacks = new ArrayList<>();
		for (int row = 0; row < rows.size(); row++) {
			stacks.add(stack(profile, rows.node(row)));
		}
		String test = WindowProfileTest.class.getName();
		String recorder = Recorder.class.getName();
		assertThat(stacks).anySatisfy((stack) -> assertThat(stack).endsWith(test + ".checkout", recorder + ".sample"))
			.anySatisfy((stack) -> assertThat(stack).endsWith(test + ".search", recorder + ".sample"));
		// The two stacks share every frame up to the test method: one trie, the common part stored once.
		assertThat(stacks.get(0).subList(0, stacks.get(0).size() - 2))
			.isEqualTo(stacks.get(1).subList(0, stacks.get(1).size() - 2));
		assertThat(profile.nodes()).isEqualTo(1 + stacks.get(0).size() + 2);
		assertThat(profile.parent(0)).isEqualTo(-1);
	}

	@Test
	void aSamplesSpanAndTraceAreInItsKey() {
		WindowProfile profile = WindowProfile.of(record((samples) -> {
			samples.spanSample(0x42, 1, 2);
			samples.sample(7, 1);
		}));
		assertThat(profile.keys()).containsExactlyInAnyOrder(new SampleKey(Map.of(), 0x42, 1, 2, "GET /rides"),
				new SampleKey(Map.of("vehicle", "car"), 0, 0, 0, null));
	}

	@Test
	void aRecordingThatCannotBeReadGivesAnEmptyProfileMarkedUnreadable() {
		ProfileWindow window = Windows.of(java.time.Instant.now(), java.time.Instant.now(),
				"not a recording".getBytes(StandardCharsets.UTF_8), SyntheticSamples.labels());
		WindowProfile profile = WindowProfile.of(window);
		assertThat(profile.readable()).isFalse();
		assertThat(profile.keys()).isEmpty();
		for (ProfileType type : ProfileType.values()) {
			assertThat(profile.rows(type)).isNull();
		}
		assertThat(profile.nodes()).isEqualTo(1);
	}

	@Test
	void moreKeysAndRowsHoldMoreBytes() {
		WindowProfile small = WindowProfile.of(record((samples) -> checkout(samples, 7, 1)));
		WindowProfile larger = WindowProfile.of(record((samples) -> {
			checkout(samples, 7, 1);
			checkout(samples, 8, 1);
			search(samples, 0, 1);
		}));
		assertThat(small.bytes()).isPositive();
		assertThat(larger.bytes()).isGreaterThan(small.bytes());
	}

	private ProfileWindow record(java.util.function.Consumer<Recorder> samples) {
		return SyntheticSamples.record(this.directory, samples);
	}

	private static List<String> stack(WindowProfile profile, int node) {
		List<String> frames = new ArrayList<>();
		for (int at = node; at > 0; at = profile.parent(at)) {
			frames.add(0, profile.frame(at));
		}
		return frames;
	}

	private static void checkout(Recorder samples, long contextId, long count) {
		samples.sample(contextId, count);
	}

	private static void search(Recorder samples, long contextId, long count) {
		samples.sample(contextId, count);
	}

}

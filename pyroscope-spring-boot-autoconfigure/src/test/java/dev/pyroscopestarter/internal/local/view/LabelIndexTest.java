package dev.pyroscopestarter.internal.local.view;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pyroscopestarter.internal.local.ProfileType;
import dev.pyroscopestarter.internal.local.WindowProfile;
import dev.pyroscopestarter.testsupport.SyntheticSamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label index over known windows: samples and weights per type, each label's values weighed, span ids left
 * out, the period and the filter applied, and the page it renders.
 */
class LabelIndexTest {

	private static final Map<String, String> STATIC = Map.of("service_name", "rides");

	@TempDir
	Path directory;

	private List<WindowProfile> windows;

	@BeforeEach
	void record() {
		// Two windows: 6 samples of car and 2 (weighed 4) of bike in eu, then 2 of car and one in a span.
		WindowProfile first = WindowProfile.of(SyntheticSamples.record(this.directory, (samples) -> {
			for (int i = 0; i < 6; i++) {
				samples.sample(7, 1);
			}
			samples.sample(8, 2);
			samples.sample(8, 2);
		}));
		WindowProfile second = WindowProfile.of(SyntheticSamples.record(this.directory, (samples) -> {
			samples.sample(7, 1);
			samples.sample(7, 1);
			samples.spanSample(0x42, 1, 2);
		}));
		this.windows = List.of(first, second);
	}

	@Test
	void everyLabelsValuesAreWeighedAcrossWindows() {
		LabelIndex index = LabelIndex.of(this.windows, ProfileType.WALL, Instant.EPOCH, null, LabelFilter.none(),
				STATIC);
		assertThat(index.samples(ProfileType.WALL)).isEqualTo(11);
		assertThat(index.total(ProfileType.WALL)).isEqualTo(13);
		assertThat(index.samples(ProfileType.ALLOC)).isZero();
		assertThat(index.labels()).containsOnlyKeys("vehicle", "region", "service_name", "span_name");
		assertThat(index.labels().get("vehicle")).containsOnly(Map.entry("car", 8L), Map.entry("bike", 4L));
		assertThat(index.labels().get("region")).containsOnly(Map.entry("eu", 4L));
		assertThat(index.labels().get("service_name")).containsOnly(Map.entry("rides", 13L));
		assertThat(index.labels().get("span_name")).containsOnly(Map.entry("GET /rides", 1L));
	}

	@Test
	void onlySamplesMatchingTheFilterCount() {
		LabelIndex index = LabelIndex.of(this.windows, ProfileType.WALL, Instant.EPOCH, null,
				LabelFilter.valueOf("region=eu"), STATIC);
		assertThat(index.samples(ProfileType.WALL)).isEqualTo(2);
		assertThat(index.total(ProfileType.WALL)).isEqualTo(4);
		assertThat(index.labels().get("vehicle")).containsOnly(Map.entry("bike", 4L));
		LabelIndex byStaticLabel = LabelIndex.of(this.windows, ProfileType.WALL, Instant.EPOCH, null,
				LabelFilter.valueOf("service_name=other"), STATIC);
		assertThat(byStaticLabel.samples(ProfileType.WALL)).isZero();
		assertThat(byStaticLabel.labels()).isEmpty();
	}

	@Test
	void samplesOutsideThePeriodAreLeftOut() {
		Instant afterBoth = this.windows.get(1).ended().plusSeconds(2);
		assertThat(LabelIndex.of(this.windows, ProfileType.WALL, afterBoth, null, LabelFilter.none(), STATIC)
			.samples(ProfileType.WALL)).isZero();
		Instant beforeBoth = this.windows.get(0).started().minusSeconds(2);
		assertThat(LabelIndex.of(this.windows, ProfileType.WALL, Instant.EPOCH, beforeBoth, LabelFilter.none(), STATIC)
			.samples(ProfileType.WALL)).isZero();
		Instant around = this.windows.get(1).ended().plusSeconds(2);
		assertThat(LabelIndex.of(this.windows, ProfileType.WALL, beforeBoth, around, LabelFilter.none(), STATIC)
			.samples(ProfileType.WALL)).isEqualTo(11);
	}

	@Test
	void thePageListsTypesAndValuesWithTheirSharesAndEscapesWhatItShows() {
		LabelIndex index = LabelIndex.of(this.windows, ProfileType.WALL, Instant.EPOCH, null,
				LabelFilter.valueOf("vehicle=car"), STATIC);
		String html = index.html("<rides>", "seconds=300", LabelFilter.valueOf("vehicle=car"), Set.of("type"));
		assertThat(html).contains("<title>&lt;rides&gt;</title>").doesNotContain("<rides>");
		assertThat(html).contains("<td>wall (listed below)</td><td>8</td><td>8 samples</td>");
		assertThat(html).contains("<h2>vehicle</h2>").contains("100.0%");
		assertThat(html).contains("flamegraph?seconds=300&amp;vehicle=car&amp;type=wall");
		LabelIndex empty = LabelIndex.of(this.windows, ProfileType.ALLOC, Instant.EPOCH, null, LabelFilter.none(),
				STATIC);
		assertThat(empty.html("rides", "seconds=300", LabelFilter.none(), Set.of()))
			.contains("<p>No alloc samples in this period.</p>");
	}

	@Test
	void aLabelNamedLikeAViewParameterIsLinkedThroughLabels() {
		LabelIndex index = LabelIndex.of(this.windows, ProfileType.WALL, Instant.EPOCH, null, LabelFilter.none(),
				STATIC);
		String html = index.html("rides", "seconds=300", LabelFilter.none(), Set.of("region"));
		assertThat(html).contains("labels=region%3Deu").doesNotContain("&amp;region=eu");
		assertThat(html).contains("diff against car");
	}

}

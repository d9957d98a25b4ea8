package dev.pyroscopestarter.internal.local.view;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.local.ProfileType;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.Windows;
import io.pyroscope.labels.pb.JfrLabels.LabelsSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The builder on a recording the JDK's own profiler made: same events, no context ids.
 */
class FlameGraphBuilderTest {

	private static ProfileWindow window;

	@BeforeAll
	static void record(@TempDir Path directory) throws IOException {
		window = Windows.recordedByTheJdk(directory, 600);
	}

	@Test
	void collapsedStacksHoldTheHotMethodAndAddUpToTheTotal() {
		FlameGraphBuilder builder = builder(LabelFilter.none(), Map.of()).add(window);
		assertThat(builder.samples()).isPositive();
		String collapsed = builder.collapsed();
		assertThat(collapsed).contains("dev.pyroscopestarter.testsupport.CpuBurner.burnCpuInHotMethod");
		long sum = Arrays.stream(collapsed.split("\n"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
		assertThat(sum).isEqualTo(builder.total()).isEqualTo(builder.samples());
	}

	@Test
	void aLabelFilterKeepsSamplesWithoutContextOnlyThroughStaticLabels() {
		LabelFilter car = LabelFilter.valueOf("vehicle=car");
		assertThat(builder(car, Map.of()).add(window).samples()).isZero();
		assertThat(builder(car, Map.of("vehicle", "car")).add(window).samples()).isPositive();
		assertThat(builder(car, Map.of("vehicle", "bike")).add(window).samples()).isZero();
	}

	@Test
	void anUnreadableWindowIsLeftOutAndCountedWhileTheOthersAreShown() {
		ProfileWindow cut = Windows.of(window.started(), window.ended(),
				java.util.Arrays.copyOf(window.jfr(), window.jfr().length / 2), LabelsSnapshot.getDefaultInstance());
		FlameGraphBuilder builder = builder(LabelFilter.none(), Map.of()).add(cut).add(window);
		assertThat(builder.unreadableWindows()).isEqualTo(1);
		assertThat(builder.samples()).isEqualTo(builder(LabelFilter.none(), Map.of()).add(window).samples());
	}

	@Test
	void samplesBeforeTheStartOfThePeriodAreLeftOut() {
		FlameGraphBuilder builder = new FlameGraphBuilder(ProfileType.CPU, Instant.now().plusSeconds(60),
				LabelFilter.none(), Map.of());
		assertThat(builder.add(window).samples()).isZero();
	}

	@Test
	void eachTypeReadsItsOwnEvents() {
		assertThat(new FlameGraphBuilder(ProfileType.ALLOC, Instant.EPOCH, LabelFilter.none(), Map.of()).add(window)
			.samples()).isZero();
	}

	@Test
	void htmlEscapesTheTitleAndIsRenderedOnce() {
		FlameGraphBuilder builder = builder(LabelFilter.none(), Map.of()).add(window);
		String html = builder.html("<b>orders</b> & co", "burnCpuInHotMethod");
		assertThat(html).startsWith("<!DOCTYPE html>")
			.contains("&lt;b&gt;orders&lt;/b&gt; &amp; co")
			.doesNotContain("<b>orders</b>")
			.contains("search('burnCpuInHotMethod')");
		assertThatIllegalStateException().isThrownBy(builder::collapsed);
	}

	@Test
	void highlightIsSearchedForLiterally() {
		assertThat(FlameGraphBuilder.literalPattern("Foo.<init>")).isEqualTo("Foo\\.\\u003cinit\\u003e");
		assertThat(FlameGraphBuilder.literalPattern("a(b)*")).isEqualTo("a\\(b\\)\\*");
	}

	private static FlameGraphBuilder builder(LabelFilter filter, Map<String, String> staticLabels) {
		return new FlameGraphBuilder(ProfileType.CPU, Instant.EPOCH, filter, staticLabels);
	}

}

package dev.pyroscopestarter.internal.actuate;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pyroscopestarter.testsupport.IngestedProfile;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local mode served over HTTP by a real web application profiled for real: the flame graph, collapsed stacks and
 * JFR of the last seconds, filtered by labels.
 */
class LocalFlameGraphTest {

	private static ConfigurableApplicationContext context;

	private static Http http;

	@BeforeAll
	static void startApplication() {
		context = LocalViewsApplication.start("--pyroscope.labels.region=eu", "--pyroscope.local.jfr-download=true");
		http = Http.of(context);
		await("car and bike rides in the local profiles").atMost(Duration.ofSeconds(60)).until(() -> {
			LabeledWork.carRide(150);
			LabeledWork.bikeRide(150);
			String collapsed = http.get("/actuator/pyroscope/collapsed").body();
			return collapsed.contains("burnCpuInHotMethod") && collapsed.contains(LabeledWork.BIKE_METHOD);
		});
	}

	@AfterAll
	static void stopApplication() {
		context.close();
	}

	@Test
	void collapsedStacksKeepOnlyTheSamplesOfTheLabelAskedFor() {
		Http.Response cars = http.get("/actuator/pyroscope/collapsed?vehicle=car");
		assertThat(cars.status()).isEqualTo(200);
		assertThat(cars.contentType()).startsWith("text/plain");
		assertThat(cars.body()).contains("CpuBurner.burnCpuInHotMethod").doesNotContain(LabeledWork.BIKE_METHOD);
		Http.Response bikes = http.get("/actuator/pyroscope/collapsed?vehicle=bike");
		assertThat(bikes.body()).contains(LabeledWork.BIKE_METHOD).doesNotContain("burnCpuInHotMethod");
	}

	@Test
	void flameGraphIsAnHtmlPage() {
		Http.Response page = http.get("/actuator/pyroscope/flamegraph?vehicle=car&seconds=120");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("<canvas").contains("burnCpuInHotMethod")
			.contains("rides: cpu (samples), last 120 s, vehicle=car");
	}

	@Test
	void indexListsEachLabelWithItsValuesSharesAndLinks() {
		Http.Response index = http.get("/actuator/pyroscope/index");
		assertThat(index.status()).isEqualTo(200);
		assertThat(index.contentType()).startsWith("text/html");
		assertThat(index.body()).contains("<h2>vehicle</h2>")
			.contains("<td>car</td>")
			.contains("<td>bike</td>")
			.contains("href='flamegraph?seconds=300&amp;vehicle=car'")
			.containsAnyOf("href='diff?seconds=300&amp;baseline=vehicle%3Dcar&amp;comparison=vehicle%3Dbike'",
					"href='diff?seconds=300&amp;baseline=vehicle%3Dbike&amp;comparison=vehicle%3Dcar'")
			.contains("href='flamegraph?seconds=300&amp;type=cpu'")
			.contains("<h2>region</h2>\n<table>\n<tr><td>eu</td><td class='share'>100.0%</td>");
		Http.Response onlyCars = http.get("/actuator/pyroscope/index?vehicle=car");
		assertThat(onlyCars.body()).as("an index under a filter")
			.contains("<td>car</td><td class='share'>100.0%</td>")
			.doesNotContain("<td>bike</td>");
	}

	@Test
	void diffOfTwoSelectionsColoursFramesByMoreOrLess() {
		Http.Response moreKinds = http.get("/actuator/pyroscope/diff?baseline=vehicle=car&comparison=vehicle=car,vehicle=bike");
		assertThat(moreKinds.status()).isEqualTo(200);
		assertThat(moreKinds.contentType()).startsWith("text/html");
		assertThat(moreKinds.body()).contains("<canvas").contains("vehicle=car|bike (")
			.contains(") against vehicle=car (");
		assertThat(DiffPage.differences(moreKinds.body(), LabeledWork.BIKE_METHOD)).as("only in the comparison")
			.isNotEmpty()
			.containsOnlyNulls();
		assertThat(DiffPage.differences(moreKinds.body(), "burnCpuInHotMethod")).as("a smaller share than before")
			.isNotEmpty()
			.allMatch((difference) -> difference != null && difference < 0);
		Http.Response carsOnly = http.get("/actuator/pyroscope/diff?baseline=vehicle=car,vehicle=bike&comparison=vehicle=car");
		assertThat(DiffPage.differences(carsOnly.body(), "burnCpuInHotMethod")).as("a larger share than before")
			.isNotEmpty()
			.allMatch((difference) -> difference != null && difference > 0);
	}

	@Test
	void aDiffNeedsTwoValidSelections() {
		assertThat(http.get("/actuator/pyroscope/diff").body()).contains("A diff compares two selections");
		assertThat(http.get("/actuator/pyroscope/diff").status()).isEqualTo(400);
		assertThat(http.get("/actuator/pyroscope/diff?baseline=vehicle&comparison=vehicle=car").body())
			.contains("Invalid baseline");
		assertThat(http.get("/actuator/pyroscope/diff?recent=0").status()).isEqualTo(400);
		assertThat(http.get("/actuator/pyroscope/diff?recent=300&seconds=300").body())
			.contains("shorter than the period");
		Http.Response nothing = http.get("/actuator/pyroscope/diff?baseline=vehicle=plane&comparison=vehicle=car");
		assertThat(nothing.status()).isEqualTo(404);
		assertThat(nothing.body()).contains("The baseline (vehicle=plane) has no cpu samples");
	}

	@Test
	void severalValuesOfALabelAndStaticLabelsCombine() {
		assertThat(http.get("/actuator/pyroscope/collapsed?vehicle=car&vehicle=bike").body())
			.contains("burnCpuInHotMethod").contains(LabeledWork.BIKE_METHOD);
		assertThat(http.get("/actuator/pyroscope/collapsed?vehicle=car&region=eu").body())
			.contains("burnCpuInHotMethod").doesNotContain(LabeledWork.BIKE_METHOD);
		assertThat(http.get("/actuator/pyroscope/collapsed?labels=vehicle=bike,region=eu").body())
			.contains(LabeledWork.BIKE_METHOD).doesNotContain("burnCpuInHotMethod");
		Http.Response otherRegion = http.get("/actuator/pyroscope/collapsed?vehicle=car&region=us");
		assertThat(otherRegion.status()).isEqualTo(404);
		assertThat(otherRegion.body()).contains("No cpu samples in the last 300 s with labels vehicle=car, region=us");
	}

	@Test
	void jfrDownloadIsAValidRecordingOfTheRecentWindows(@TempDir Path directory) throws IOException {
		Http.Response jfr = http.get("/actuator/pyroscope/jfr?seconds=60");
		assertThat(jfr.status()).isEqualTo(200);
		assertThat(jfr.contentType()).isEqualTo("application/octet-stream");
		Path file = directory.resolve("recent.jfr");
		Files.write(file, jfr.bytes());
		List<RecordedEvent> events = RecordingFile.readAllEvents(file);
		assertThat(events.stream().filter(IngestedProfile.hasFrame(
				"dev.pyroscopestarter.testsupport.CpuBurner", "burnCpuInHotMethod"))).isNotEmpty();
		assertThat(http.get("/actuator/pyroscope/jfr?vehicle=car").status()).as("raw recordings are not filtered")
			.isEqualTo(400);
	}

	@Test
	void statusDescribesLocalModeAndCountsLabelValues() {
		await("both vehicles in the last window's labels").atMost(Duration.ofSeconds(30)).until(() -> {
			LabeledWork.carRide(30);
			LabeledWork.bikeRide(30);
			// The endpoint's own requests carry route and method labels too: only vehicle is checked here.
			Object cardinality = http.get("/actuator/pyroscope").json().get("labelCardinality");
			return cardinality instanceof Map<?, ?> perKey && Integer.valueOf(2).equals(perKey.get("vehicle"));
		});
		Map<String, Object> status = http.get("/actuator/pyroscope").json();
		assertThat(status).containsEntry("state", "running").containsEntry("mode", "local")
			.doesNotContainKeys("serverAddress", "authentication");
		@SuppressWarnings("unchecked")
		Map<String, Object> local = (Map<String, Object>) status.get("local");
		assertThat(local).containsEntry("retention", "5m").containsEntry("maxSizeBytes", 33554432)
			.containsKeys("oldestWindowStart", "newestWindowEnd");
		assertThat(((Number) local.get("windows")).intValue()).isPositive();
		assertThat(((Number) local.get("retainedBytes")).longValue()).isPositive();
	}

	@Test
	void badRequestsGetAShortExplanation() {
		Http.Response unknownView = http.get("/actuator/pyroscope/svg");
		assertThat(unknownView.status()).isEqualTo(404);
		assertThat(unknownView.body()).contains("use index, flamegraph, collapsed, diff or jfr");
		Http.Response noAllocations = http.get("/actuator/pyroscope/flamegraph?type=alloc");
		assertThat(noAllocations.status()).isEqualTo(404);
		assertThat(noAllocations.body()).contains("pyroscope.profiler.allocation-threshold");
		assertThat(http.get("/actuator/pyroscope/flamegraph?type=heap").status()).isEqualTo(400);
		assertThat(http.get("/actuator/pyroscope/flamegraph?seconds=0").status()).isEqualTo(400);
		assertThat(http.get("/actuator/pyroscope/flamegraph?seconds=soon").status()).isEqualTo(400);
		assertThat(http.get("/actuator/pyroscope/flamegraph?labels=vehicle").status()).isEqualTo(400);
	}

	@Test
	void aFixedPeriodIsCheckedAndEdgeValuesAreNoServerError() {
		long now = System.currentTimeMillis();
		Http.Response lastMinutes = http.get("/actuator/pyroscope/collapsed?vehicle=car&from=" + (now - 300_000));
		assertThat(lastMinutes.status()).isEqualTo(200);
		assertThat(lastMinutes.body()).contains("burnCpuInHotMethod");
		Http.Response beforeAnyWindow = http.get("/actuator/pyroscope/collapsed?vehicle=car&from=1000&to=2000");
		assertThat(beforeAnyWindow.status()).isEqualTo(404);
		assertThat(beforeAnyWindow.body()).contains("No cpu samples from 1970-01-01T00:00:01Z to 1970-01-01T00:00:02Z");
		assertThat(http.get("/actuator/pyroscope/collapsed?from=" + Long.MAX_VALUE).status()).isEqualTo(404);
		assertThat(http.get("/actuator/pyroscope/collapsed?from=" + Long.MAX_VALUE + "&to=" + Long.MAX_VALUE).status())
			.isEqualTo(400);
		assertThat(http.get("/actuator/pyroscope/collapsed?from=-5").status()).isEqualTo(400);
		assertThat(http.get("/actuator/pyroscope/collapsed?to=" + now).body()).contains("to needs from");
		assertThat(http.get("/actuator/pyroscope/collapsed?seconds=60&from=" + now).body()).contains("not both");
		assertThat(http.get("/actuator/pyroscope/collapsed?from=99999999999999999999").status()).isEqualTo(400);
	}

	@Test
	void highlightCannotInjectMarkup() {
		Http.Response page = http.get("/actuator/pyroscope/flamegraph?highlight="
				+ URLEncoder.encode("</script><script>alert(1)</script>", StandardCharsets.UTF_8));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).doesNotContain("<script>alert(1)")
			.doesNotContain("</script><script>")
			.as("searched for literally, with < and > escaped").contains("search('\\\\u003c\\\\/script\\\\u003e");
	}

}

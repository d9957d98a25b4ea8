package dev.pyroscopestarter.internal.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pyroscopestarter.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local views as a person sees them: headless Chromium opens {@code /actuator/pyroscope/flamegraph} of a
 * real, profiled application, filtered to {@code vehicle=car} with the hot method highlighted, the index page and
 * a diff. The flame graph page's own script reports how much of the drawn graph matches the highlighted method;
 * the screenshots are kept under {@code target/flamegraph-screenshots/}.
 */
class FlameGraphInBrowserTest {

	private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target",
			"flamegraph-screenshots");

	private static final Pattern MATCHED = Pattern.compile("id=\"matchval\">([0-9.]+)%<");

	private static ConfigurableApplicationContext context;

	private static Http http;

	@BeforeAll
	static void startApplication() {
		HeadlessChromium.assumeInstalled();
		context = LocalViewsApplication.start();
		http = Http.of(context);
		await("car and bike rides in the local profiles").atMost(Duration.ofSeconds(60)).until(() -> {
			LabeledWork.carRide(200);
			LabeledWork.bikeRide(100);
			String collapsed = http.get("/actuator/pyroscope/collapsed").body();
			return collapsed.contains("burnCpuInHotMethod") && collapsed.contains(LabeledWork.BIKE_METHOD);
		});
	}

	@AfterAll
	static void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void chromiumDrawsTheHotMethodOnTheFlameGraph() throws IOException {
		String url = http.url("/actuator/pyroscope/flamegraph?vehicle=car&highlight=burnCpuInHotMethod");
		screenshot(url, "flamegraph-vehicle-car.png");
		String dom = HeadlessChromium.dumpDom(url);
		assertThat(dom).contains("rides: cpu (samples), last 300 s, vehicle=car")
			.contains("CpuBurner.burnCpuInHotMethod")
			.doesNotContain(LabeledWork.BIKE_METHOD);
		assertThat(matched(dom)).as("share of the drawn graph in the hot method").isGreaterThan(0);
	}

	@Test
	void chromiumShowsTheIndexWithTheLabelsAndTheirLinks() throws IOException {
		String url = http.url("/actuator/pyroscope/index");
		screenshot(url, "index.png");
		String dom = HeadlessChromium.dumpDom(url);
		assertThat(dom).contains("<h1>rides: profiles of the last 300 s, cpu (samples), all samples</h1>")
			.contains("<h2>vehicle</h2>")
			.contains("<td>car</td>")
			.contains("<a href=\"flamegraph?seconds=300&amp;vehicle=bike\">flame graph</a>");
	}

	@Test
	void chromiumDrawsTheDiffOfTwoVehicles() throws IOException {
		String url = http.url("/actuator/pyroscope/diff?baseline=vehicle=bike&comparison=vehicle=car,vehicle=bike"
				+ "&highlight=burnCpuInHotMethod");
		screenshot(url, "diff-vehicle.png");
		String dom = HeadlessChromium.dumpDom(url);
		assertThat(dom).contains("rides: cpu diff, last 300 s: vehicle=car|bike (")
			.contains("Red: more, blue: less, yellow: new");
		assertThat(matched(dom)).as("the page's script drew the comparison's frames").isGreaterThan(0);
	}

	private static void screenshot(String url, String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path screenshot = SCREENSHOTS.resolve(name);
		Files.deleteIfExists(screenshot);
		HeadlessChromium.screenshot(url, screenshot);
		byte[] png = Files.readAllBytes(screenshot);
		assertThat(png).as("a PNG image").startsWith(0x89, 'P', 'N', 'G');
		assertThat(png.length).as("more than a blank page").isGreaterThan(10_000);
	}

	private static double matched(String dom) {
		Matcher matched = MATCHED.matcher(dom);
		assertThat(matched.find()).as("the page's search ran and reported its match: %s",
				dom.substring(0, Math.min(dom.length(), 2000))).isTrue();
		return Double.parseDouble(matched.group(1));
	}

}

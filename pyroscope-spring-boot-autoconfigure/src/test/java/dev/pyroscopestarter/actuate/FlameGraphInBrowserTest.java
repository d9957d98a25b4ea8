package dev.pyroscopestarter.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pyroscopestarter.testsupport.HeadlessChromium;
import dev.pyroscopestarter.testsupport.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local flame graph as a person sees it: headless Chromium opens {@code /actuator/pyroscope/flamegraph} of a
 * real, profiled application, filtered to {@code vehicle=car} with the hot method highlighted. The page's own
 * script reports how much of the drawn graph matches the highlighted method; the screenshot is kept under
 * {@code target/flamegraph-screenshots/}.
 */
class FlameGraphInBrowserTest {

	private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target",
			"flamegraph-screenshots");

	private static final Pattern MATCHED = Pattern.compile("id=\"matchval\">([0-9.]+)%<");

	@Test
	void chromiumDrawsTheHotMethodOnTheFlameGraph() throws IOException {
		HeadlessChromium.assumeInstalled();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class).run(
				"--server.port=0", "--spring.application.name=rides", "--pyroscope.upload-interval=1s",
				"--management.endpoints.web.exposure.include=pyroscope", "--spring.main.banner-mode=off")) {
			Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
			await("car rides with the hot method in the local profiles").atMost(Duration.ofSeconds(60)).until(() -> {
				LabeledWork.carRide(200);
				LabeledWork.bikeRide(100);
				return http.get("/actuator/pyroscope/collapsed?vehicle=car").body().contains("burnCpuInHotMethod");
			});
			String url = http.url("/actuator/pyroscope/flamegraph?vehicle=car&highlight=burnCpuInHotMethod");

			Files.createDirectories(SCREENSHOTS);
			Path screenshot = SCREENSHOTS.resolve("flamegraph-vehicle-car.png");
			Files.deleteIfExists(screenshot);
			HeadlessChromium.screenshot(url, screenshot);
			byte[] png = Files.readAllBytes(screenshot);
			assertThat(png).as("a PNG image").startsWith(0x89, 'P', 'N', 'G');
			assertThat(png.length).as("more than a blank page").isGreaterThan(10_000);

			String dom = HeadlessChromium.dumpDom(url);
			assertThat(dom).contains("rides: cpu (samples), last 300 s, vehicle=car")
				.contains("CpuBurner.burnCpuInHotMethod")
				.doesNotContain(LabeledWork.BIKE_METHOD);
			Matcher matched = MATCHED.matcher(dom);
			assertThat(matched.find()).as("the page's search ran and reported its match: %s", dom.substring(0,
					Math.min(dom.length(), 2000))).isTrue();
			assertThat(Double.parseDouble(matched.group(1))).as("share of the drawn graph in the hot method")
				.isGreaterThan(0);
		}
	}

}

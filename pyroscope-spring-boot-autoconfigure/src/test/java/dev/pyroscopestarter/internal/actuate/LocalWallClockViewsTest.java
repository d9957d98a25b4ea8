package dev.pyroscopestarter.internal.actuate;

import java.time.Duration;

import dev.pyroscopestarter.labels.ProfilingLabels;
import dev.pyroscopestarter.testsupport.CpuBurner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local views of wall-clock samples beside CPU samples ({@code type=wall}): where labelled work waited, which its
 * CPU views do not show. A real web application profiled for real, in local mode.
 */
class LocalWallClockViewsTest {

	private static ConfigurableApplicationContext context;

	private static Http http;

	@BeforeAll
	static void startApplication() {
		context = LocalViewsApplication.start("--pyroscope.profiler.wall-clock.enabled=true");
		http = Http.of(context);
		ProfilingLabels labels = context.getBean(ProfilingLabels.class);
		await("waiting and burning work in the local profiles").atMost(Duration.ofSeconds(60)).until(() -> {
			labels.run("work", "waiting", () -> waitingForTheDatabase(300));
			labels.run("work", "burning", () -> CpuBurner.burnCpuInHotMethod(150));
			String waiting = http.get("/actuator/pyroscope/collapsed?type=wall&work=waiting").body();
			String burning = http.get("/actuator/pyroscope/collapsed?type=cpu&work=burning").body();
			return waiting.contains("waitingForTheDatabase") && burning.contains("burnCpuInHotMethod");
		});
	}

	@AfterAll
	static void stopApplication() {
		context.close();
	}

	@Test
	void theWallClockViewShowsWhereWorkWaitedWhichTheCpuViewDoesNot() {
		Http.Response wall = http.get("/actuator/pyroscope/collapsed?type=wall&work=waiting");
		assertThat(wall.status()).isEqualTo(200);
		assertThat(wall.body()).contains("waitingForTheDatabase").doesNotContain("burnCpuInHotMethod");
		Http.Response cpu = http.get("/actuator/pyroscope/collapsed?work=waiting");
		assertThat(cpu.body()).doesNotContain("waitingForTheDatabase");
		// Burning CPU takes wall-clock time too.
		assertThat(http.get("/actuator/pyroscope/collapsed?type=wall&work=burning").body()).contains("burnCpuInHotMethod");
	}

	@Test
	void theFlameGraphIndexAndDiffTakeTheType() {
		Http.Response page = http.get("/actuator/pyroscope/flamegraph?type=wall&work=waiting&seconds=120");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<canvas").contains("waitingForTheDatabase")
			.contains("rides: wall (samples), last 120 s, work=waiting");
		Http.Response index = http.get("/actuator/pyroscope/index?type=wall");
		assertThat(index.status()).isEqualTo(200);
		assertThat(index.body()).contains("href='flamegraph?seconds=300&amp;type=wall'")
			.contains("href='flamegraph?seconds=300&amp;type=cpu'")
			.contains("<td>wall (listed below)</td>")
			.contains("<td>waiting</td>");
		Http.Response diff = http.get("/actuator/pyroscope/diff?type=wall&baseline=work=burning&comparison=work=waiting");
		assertThat(diff.status()).isEqualTo(200);
		assertThat(diff.body()).contains("<canvas").contains("waitingForTheDatabase");
		assertThat(http.get("/actuator/pyroscope/collapsed").body()).as("CPU by default")
			.doesNotContain("waitingForTheDatabase");
	}

	static void waitingForTheDatabase(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

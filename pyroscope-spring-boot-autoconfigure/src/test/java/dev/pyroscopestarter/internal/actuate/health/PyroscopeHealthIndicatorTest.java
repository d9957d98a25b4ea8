package dev.pyroscopestarter.internal.actuate.health;

import java.time.Duration;

import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.testsupport.TestProfilers;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The states of the profiler that are nobody's fault: neither UP nor DOWN.
 */
class PyroscopeHealthIndicatorTest {

	@AfterEach
	void stopAgent() {
		if (PyroscopeAgent.isStarted()) {
			PyroscopeAgent.stop();
		}
	}

	@Test
	void notStartedYetIsUnknown() {
		Health health = new PyroscopeHealthIndicator(profiler(), null, false).health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("state", "new").containsKey("since");
	}

	@Test
	void anAgentStartedOutsideTheStarterIsUnknownNotDown() {
		PyroscopeAgent.start(new Config.Builder().setApplicationName("javaagent-app")
			.setServerAddress("http://127.0.0.1:9")
			.setUploadInterval(Duration.ofHours(1))
			.build());
		PyroscopeProfiler profiler = profiler();
		profiler.start();
		assertThat(profiler.status().state()).isEqualTo(ProfilerState.EXTERNAL);
		Health health = new PyroscopeHealthIndicator(profiler, null, false).health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("state", "external");
		assertThat((String) health.getDetails().get("reason")).contains("-javaagent");
	}

	private static PyroscopeProfiler profiler() {
		return TestProfilers.profiler("health-app", new LocalProfileStore(Duration.ofMinutes(1), 1_000_000));
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pyroscopestarter.testsupport.TestApplication;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Exporter;
import io.pyroscope.javaagent.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent already running in the JVM, as with {@code -javaagent}, is left alone: no second profiler, and the
 * context's shutdown does not stop it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExternalAgentTest {

	private final List<Snapshot> received = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopAgent() {
		if (PyroscopeAgent.isStarted()) {
			PyroscopeAgent.stop();
		}
	}

	@Test
	void leavesAnAlreadyRunningAgentAlone(CapturedOutput output) {
		Config config = new Config.Builder().setApplicationName("javaagent-app").build();
		PyroscopeAgent.start(new PyroscopeAgent.Options.Builder(config).setExporter(new Exporter() {

			@Override
			public void export(Snapshot snapshot) {
				ExternalAgentTest.this.received.add(snapshot);
			}

			@Override
			public void stop() {
			}

		}).build());
		assertThat(PyroscopeAgent.isStarted()).isTrue();

		PyroscopeProfiler profiler;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.run("--pyroscope.server-address=http://127.0.0.1:9")) {
			profiler = context.getBean(PyroscopeProfiler.class);
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.EXTERNAL);
			assertThat(profiler.isRunning()).isFalse();
		}
		assertThat(PyroscopeAgent.isStarted()).as("still running after the context closed").isTrue();
		assertThat(output).contains("A Pyroscope agent is already running in this JVM")
			.doesNotContain("Failed to start profiling - already started");
	}

}

package dev.pyroscopestarter.testsupport;

import java.time.Duration;
import java.util.Map;

import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import dev.pyroscopestarter.internal.profiler.ProfilerSettings;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import org.jspecify.annotations.Nullable;

/**
 * Profilers built by hand, with the defaults of {@code pyroscope.*}, for tests that do not need a context.
 */
public final class TestProfilers {

	private TestProfilers() {
	}

	public static AgentSettings agentSettings(String applicationName) {
		return agentSettings(applicationName, Duration.ofSeconds(10), null);
	}

	public static AgentSettings agentSettings(String applicationName, Duration uploadInterval,
			@Nullable String tempDirectory) {
		return new AgentSettings(applicationName, Map.of(), ProfilingEvent.ITIMER, Duration.ofMillis(10),
				uploadInterval, null, false, null, 2048, false, tempDirectory, null, null);
	}

	public static PyroscopeProfiler profiler(AgentSettings settings, ProfileExporter exporter) {
		return new PyroscopeProfiler(new ProfilingAgent(settings), exporter,
				new ProfilerSettings(Duration.ofSeconds(5), false));
	}

	public static PyroscopeProfiler profiler(String applicationName, ProfileExporter exporter) {
		return new PyroscopeProfiler(new ProfilingAgent(agentSettings(applicationName)), exporter,
				new ProfilerSettings(Duration.ofSeconds(5), false));
	}

}

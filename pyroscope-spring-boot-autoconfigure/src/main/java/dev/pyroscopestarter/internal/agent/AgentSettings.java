package dev.pyroscopestarter.internal.agent;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the profiling agent samples and how: checked values, never credentials (the agent does not upload).
 *
 * @param applicationName the name profiles are stored under
 * @param labels static labels, sorted by name
 * @param event the CPU sampling event
 * @param interval time between two samples
 * @param uploadInterval length of one profiling window
 * @param allocationThreshold bytes between two allocation samples, or null when allocations are not sampled
 * @param allocationLive whether only live objects are kept
 * @param lockThreshold shortest lock wait recorded, or null when locks are not sampled
 * @param stackDepth deepest Java stack recorded
 * @param gcBeforeDump whether a GC runs before each dump (live allocations only)
 * @param tempDirectory where the native library and recordings go, or null for {@code java.io.tmpdir}
 * @param nativeLogLevel the native profiler's log level, or null
 * @param extraArguments further native profiler arguments, or null
 */
public record AgentSettings(String applicationName, Map<String, String> labels, ProfilingEvent event,
		Duration interval, Duration uploadInterval, @Nullable Long allocationThreshold, boolean allocationLive,
		@Nullable Duration lockThreshold, int stackDepth, boolean gcBeforeDump, @Nullable String tempDirectory,
		@Nullable String nativeLogLevel, @Nullable String extraArguments) {

	public AgentSettings {
		labels = Map.copyOf(labels);
	}

}

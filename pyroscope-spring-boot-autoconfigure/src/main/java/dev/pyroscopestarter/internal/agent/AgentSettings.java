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
 * @param wallClockInterval time between two wall-clock samples of a thread, taken beside the CPU samples, or null
 * when wall-clock time is not sampled beside them
 * @param nativeMemoryThreshold bytes between two samples of native memory allocations (malloc), or null when they are
 * not sampled
 */
public record AgentSettings(String applicationName, Map<String, String> labels, ProfilingEvent event,
		Duration interval, Duration uploadInterval, @Nullable Long allocationThreshold, boolean allocationLive,
		@Nullable Duration lockThreshold, int stackDepth, boolean gcBeforeDump, @Nullable String tempDirectory,
		@Nullable String nativeLogLevel, @Nullable String extraArguments, @Nullable Duration wallClockInterval,
		@Nullable Long nativeMemoryThreshold) {

	public AgentSettings {
		labels = Map.copyOf(labels);
	}

	/** Settings without wall-clock sampling beside the CPU samples. */
	public AgentSettings(String applicationName, Map<String, String> labels, ProfilingEvent event, Duration interval,
			Duration uploadInterval, @Nullable Long allocationThreshold, boolean allocationLive,
			@Nullable Duration lockThreshold, int stackDepth, boolean gcBeforeDump, @Nullable String tempDirectory,
			@Nullable String nativeLogLevel, @Nullable String extraArguments) {
		this(applicationName, labels, event, interval, uploadInterval, allocationThreshold, allocationLive,
				lockThreshold, stackDepth, gcBeforeDump, tempDirectory, nativeLogLevel, extraArguments, null, null);
	}

	/** Whether idle threads are sampled too: wall-clock time as the main event, or beside CPU time. */
	public boolean samplesWallClock() {
		return this.event == ProfilingEvent.WALL || this.wallClockInterval != null;
	}

}

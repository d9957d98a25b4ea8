package dev.pyroscopestarter.internal.profiler;

import java.util.ArrayList;
import java.util.List;

import java.time.Duration;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.config.DurationText;
import org.jspecify.annotations.Nullable;

/**
 * What an operator switches on for a while, on top of the configured settings: each part null when left as
 * configured.
 *
 * @param wallClockInterval wall-clock sampling beside CPU at this interval
 * @param interval a shorter CPU sampling interval
 * @param allocationThreshold allocation profiling, a sample every this many bytes
 * @param lockThreshold lock profiling, waits longer than this
 */
public record MoreProfiling(@Nullable Duration wallClockInterval, @Nullable Duration interval,
		@Nullable Long allocationThreshold, @Nullable Duration lockThreshold) {

	/** Whether it asks for anything at all. */
	public boolean isEmpty() {
		return this.wallClockInterval == null && this.interval == null && this.allocationThreshold == null
				&& this.lockThreshold == null;
	}

	/** The configured settings with these on top. */
	public AgentSettings applyTo(AgentSettings configured) {
		return new AgentSettings(configured.applicationName(), configured.labels(), configured.event(),
				(this.interval != null) ? this.interval : configured.interval(), configured.uploadInterval(),
				(this.allocationThreshold != null) ? this.allocationThreshold : configured.allocationThreshold(),
				configured.allocationLive(),
				(this.lockThreshold != null) ? this.lockThreshold : configured.lockThreshold(), configured.stackDepth(),
				configured.gcBeforeDump(), configured.tempDirectory(), configured.nativeLogLevel(),
				configured.extraArguments(),
				(this.wallClockInterval != null) ? this.wallClockInterval : configured.wallClockInterval(),
				configured.nativeMemoryThreshold());
	}

	@Override
	public String toString() {
		List<String> parts = new ArrayList<>();
		if (this.wallClockInterval != null) {
			parts.add("wall-clock every " + DurationText.of(this.wallClockInterval));
		}
		if (this.interval != null) {
			parts.add("CPU every " + DurationText.of(this.interval));
		}
		if (this.allocationThreshold != null) {
			parts.add("allocations every " + this.allocationThreshold + " bytes");
		}
		if (this.lockThreshold != null) {
			parts.add("locks over " + DurationText.of(this.lockThreshold));
		}
		return String.join(", ", parts);
	}

}

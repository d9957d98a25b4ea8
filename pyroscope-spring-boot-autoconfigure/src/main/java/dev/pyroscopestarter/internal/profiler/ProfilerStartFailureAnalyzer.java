package dev.pyroscopestarter.internal.profiler;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a profiler that could not start while {@code pyroscope.fail-fast} was set.
 */
class ProfilerStartFailureAnalyzer extends AbstractFailureAnalyzer<ProfilerStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ProfilerStartException cause) {
		return new FailureAnalysis("The Pyroscope profiler could not start: " + cause.getReason() + ".",
				"Fix the cause above, or set pyroscope.fail-fast=false to start the application without profiling "
						+ "(a warning is logged), or pyroscope.enabled=false to turn profiling off.",
				cause);
	}

}

package dev.pyroscopestarter.internal.profiler;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class ProfilerStartFailureAnalyzerTest {

	@Test
	void profilerStartFailureExplainsFailFast() {
		Exception failure = new IllegalStateException("lifecycle",
				new ProfilerStartException("the native profiler library could not be loaded (noexec)", null));
		FailureAnalysis analysis = new ProfilerStartFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("could not be loaded");
		assertThat(analysis.getAction()).contains("pyroscope.fail-fast=false").contains("pyroscope.enabled=false");
	}

	@Test
	void othersAreLeftToSpringBoot() {
		assertThat(new ProfilerStartFailureAnalyzer().analyze(new IllegalStateException("x"))).isNull();
	}

}

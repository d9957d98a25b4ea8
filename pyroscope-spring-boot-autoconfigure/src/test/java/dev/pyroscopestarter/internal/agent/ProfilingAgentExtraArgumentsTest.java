package dev.pyroscopestarter.internal.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profiler is always started without system information and system properties in its recordings
 * ({@code jfropts} bits 1 and 2), whatever extra arguments an application gives.
 */
class ProfilingAgentExtraArgumentsTest {

	@Test
	void withoutExtraArgumentsTheRecordingLeavesOutSystemInformationAndProperties() {
		assertThat(ProfilingAgent.extraArguments(null)).isEqualTo("jfropts=3");
		assertThat(ProfilingAgent.extraArguments(" ")).isEqualTo("jfropts=3");
	}

	@Test
	void anApplicationsArgumentsAreKeptAndItsOwnJfroptsBitsToo() {
		assertThat(ProfilingAgent.extraArguments("interval=abc")).isEqualTo("interval=abc,jfropts=3");
		assertThat(ProfilingAgent.extraArguments("jfropts=4,threads")).isEqualTo("jfropts=7,threads");
		assertThat(ProfilingAgent.extraArguments("jfropts=0")).isEqualTo("jfropts=3");
	}

	@Test
	void aJfroptsTheProfilerCannotReadIsLeftForItToRefuse() {
		assertThat(ProfilingAgent.extraArguments("jfropts=x")).isEqualTo("jfropts=x");
	}

}

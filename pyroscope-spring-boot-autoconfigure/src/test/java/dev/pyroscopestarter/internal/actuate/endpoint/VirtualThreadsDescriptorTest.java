package dev.pyroscopestarter.internal.actuate.endpoint;

import java.time.Duration;

import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code /actuator/pyroscope} says of the virtual-thread hooks.
 */
class VirtualThreadsDescriptorTest {

	@Test
	void saysNothingUntilAVirtualThreadAsksThenWhyTheHooksAreMissing() {
		VirtualThreadHooks hooks = new VirtualThreadHooks(() -> {
			throw new IllegalStateException("no attach");
		});
		assertThat(PyroscopeDescriptor.VirtualThreads.of(hooks)).isNull();
		hooks.install(Duration.ofSeconds(10));
		PyroscopeDescriptor.VirtualThreads described = PyroscopeDescriptor.VirtualThreads.of(hooks);
		assertThat(described).isNotNull();
		assertThat(described.hooks()).isEqualTo("unavailable");
		// On Java 17 the reason is the JDK, on 21+ the attach failure.
		assertThat(described.problem()).isEqualTo(hooks.problem()).isNotBlank();
	}

}

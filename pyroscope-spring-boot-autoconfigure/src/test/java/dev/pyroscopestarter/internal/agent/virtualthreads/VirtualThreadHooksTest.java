package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the hooks cannot be installed: one line says why and what to do, and nothing else changes. That they work
 * where they can is measured by {@code LabelAttributionIntegrationTest} and the span-profile tests.
 */
@ExtendWith(OutputCaptureExtension.class)
class VirtualThreadHooksTest {

	private static final String WARNING = "Pyroscope could not make labels follow virtual threads";

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void attachingThatFailsIsSaidOnceWithTheWayOut(CapturedOutput output) {
		AtomicInteger attempts = new AtomicInteger();
		VirtualThreadHooks hooks = new VirtualThreadHooks(() -> {
			attempts.incrementAndGet();
			// What Byte Buddy says under -XX:-EnableDynamicAgentLoading.
			throw new IllegalStateException("Could not self-attach to current VM using external process");
		});
		assertThat(hooks.install(Duration.ofSeconds(10))).isFalse();
		hooks.installInBackground();
		assertThat(hooks.install(Duration.ofSeconds(10))).isFalse();
		assertThat(attempts).hasValue(1);
		assertThat(hooks.state()).isEqualTo(VirtualThreadHooks.State.UNAVAILABLE);
		assertThat(hooks.problem()).isEqualTo("IllegalStateException: Could not self-attach to current VM using external process");
		assertThat(output.toString().split(WARNING, -1)).hasSize(2);
		assertThat(output).contains("-XX:-EnableDynamicAgentLoading")
			.contains("pyroscope.dynamic-labels.virtual-threads=pin or =skip");
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void onJava17NothingIsAttempted(CapturedOutput output) {
		VirtualThreadHooks hooks = new VirtualThreadHooks(() -> {
			throw new AssertionError("attached on a JDK without virtual threads");
		});
		assertThat(hooks.install(Duration.ofSeconds(10))).isFalse();
		assertThat(hooks.problem()).isEqualTo("Java " + Runtime.version().feature() + " has no virtual threads");
		assertThat(output).contains(WARNING);
	}

	@Test
	void nothingIsInstalledUntilAsked() {
		VirtualThreadHooks hooks = new VirtualThreadHooks(() -> {
			throw new AssertionError("attached without being asked");
		});
		assertThat(hooks.state()).isEqualTo(VirtualThreadHooks.State.NOT_INSTALLED);
		assertThat(hooks.active()).isFalse();
		assertThat(hooks.problem()).isNull();
	}

}

package dev.pyroscopestarter.internal.agent.virtualthreads;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualThreadsRuntimeHintsTest {

	@Test
	void keepsThreadIsVirtual() {
		RuntimeHints hints = new RuntimeHints();
		new VirtualThreadsRuntimeHints().registerHints(hints, getClass().getClassLoader());
		// By name: Java 17, the baseline, has no Thread.isVirtual() to hand to a predicate.
		assertThat(hints.reflection().getTypeHint(TypeReference.of(Thread.class))).isNotNull()
			.satisfies((type) -> assertThat(type.methods()).anyMatch((method) -> method.getName().equals("isVirtual")
					&& method.getParameterTypes().isEmpty()));
	}

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch((registrar) -> registrar instanceof VirtualThreadsRuntimeHints);
	}

}

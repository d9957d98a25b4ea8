package dev.pyroscopestarter.internal.agent;

import io.pyroscope.labels.v2.ConstantContext;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.ScopedContext;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

class AgentRuntimeHintsTest {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void keepsTheAgentInternalsThatLabelContextsReach() throws Exception {
		new AgentRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(ScopedContext.class, "contextId")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(ConstantContext.class, "contextId"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(ScopedContext.class.getDeclaredConstructor(LabelsSet.class, long.class)))
			.accepts(this.hints);
	}

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch((registrar) -> registrar instanceof AgentRuntimeHints);
	}

}

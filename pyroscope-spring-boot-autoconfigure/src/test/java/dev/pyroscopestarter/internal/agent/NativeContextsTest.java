package dev.pyroscopestarter.internal.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared agent contexts: one per label set, and a cap for sets of dynamic values, which could otherwise pile up in
 * every upload. The caps belong to one instance, so this test leaves nothing behind for others.
 */
class NativeContextsTest {

	@Test
	void hotSetsOfDynamicValuesAreCappedWhileFixedSetsAreNot() {
		NativeContexts contexts = new NativeContexts(100, 5);
		int refused = 0;
		for (int i = 0; i < 15; i++) {
			long id = contexts.constantId("value" + i, labels("value" + i), true);
			if (id == 0) {
				refused++;
			}
			else {
				assertThat(refused).as("a set admitted after the cap was reached").isZero();
			}
		}
		assertThat(refused).as("sets refused once the cap is reached").isEqualTo(10);
		assertThat(contexts.constantId("fixed", labels("fixed"), false)).as("a fixed set still gets its context")
			.isPositive();
		assertThat(contexts.constantId("value0", labels("value0"), true)).as("a set registered before keeps its context")
			.isEqualTo(contexts.constantId("value0", labels("value0"), true))
			.isPositive();
	}

	@Test
	void everySetIsCappedOnceTheInstanceIsFull() {
		NativeContexts contexts = new NativeContexts(2, 2);
		assertThat(contexts.constantId("a", labels("a"), false)).isPositive();
		assertThat(contexts.constantId("b", labels("b"), false)).isPositive();
		assertThat(contexts.constantId("c", labels("c"), false)).isZero();
		assertThat(new NativeContexts(2, 2).constantId("c", labels("c"), false))
			.as("another instance has caps of its own").isPositive();
	}

	private static NativeLabels labels(String value) {
		return new NativeLabels("cap_test", value);
	}

}

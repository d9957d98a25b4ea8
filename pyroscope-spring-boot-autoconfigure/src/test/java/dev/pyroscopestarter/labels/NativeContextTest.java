package dev.pyroscopestarter.labels;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared agent contexts: one per label set, and a cap for sets of dynamic values, which could otherwise pile up in
 * every upload.
 */
class NativeContextTest {

	@Test
	void hotSetsOfDynamicValuesAreCappedWhileFixedSetsAreNot() {
		int refused = 0;
		for (int i = 0; i < NativeContext.MAX_HOT_CONTEXTS + 10; i++) {
			long id = NativeContext.constantId(LabelSet.of(Map.of("cap_test", "value" + i)), true);
			if (id == 0) {
				refused++;
			}
			else {
				assertThat(refused).as("a set admitted after the cap was reached").isZero();
			}
		}
		assertThat(refused).as("sets refused once the cap is reached").isGreaterThanOrEqualTo(10);
		assertThat(NativeContext.constantId(LabelSet.of(Map.of("cap_test", "fixed")), false))
			.as("a fixed set still gets its context").isPositive();
		LabelSet again = LabelSet.of(Map.of("cap_test", "value0"));
		assertThat(NativeContext.constantId(again, true)).as("a set registered before keeps its context")
			.isEqualTo(NativeContext.constantId(LabelSet.of(Map.of("cap_test", "value0")), true))
			.isPositive();
	}

}

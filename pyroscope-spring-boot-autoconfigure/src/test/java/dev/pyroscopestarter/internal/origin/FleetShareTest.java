package dev.pyroscopestarter.internal.origin;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FleetShareTest {

	@Test
	void theSameIdentityGetsTheSameAnswer() {
		for (int i = 0; i < 50; i++) {
			String identity = "ecs task " + Integer.toHexString(i * 7919);
			assertThat(FleetShare.decide(0.3, identity).selected()).isEqualTo(FleetShare.decide(0.3, identity).selected());
		}
	}

	@Test
	void aboutTheShareOfAFleetIsSelected() {
		long selected = IntStream.range(0, 10_000)
			.filter((i) -> FleetShare.decide(0.1, "kubernetes pod rides-7d9f-" + i).selected())
			.count();
		assertThat(selected / 10_000.0).isCloseTo(0.1, within(0.02));
	}

	@Test
	void noneAndAllAreExact() {
		assertThat(FleetShare.decide(0.0, "ecs task a").selected()).isFalse();
		assertThat(FleetShare.decide(1.0, "ecs task a").selected()).isTrue();
		assertThat(FleetShare.decide(1.0, null).selected()).isTrue();
	}

}

package dev.pyroscopestarter.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Medians and quantiles, linear between the two nearest ranks. */
class QuantilesTest {

	@Test
	void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
		assertThat(Quantiles.median(new double[] { 9, 1, 5 })).isEqualTo(5);
		assertThat(Quantiles.median(List.of(3.0, 1.0, 2.0, 10.0, 4.0))).isEqualTo(3);
	}

	@Test
	void theMedianOfAnEvenCountIsHalfwayBetweenTheMiddleTwo() {
		assertThat(Quantiles.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
		assertThat(Quantiles.median(new double[] { 1.0, 1.1 })).isCloseTo(1.05, within(1e-12));
	}

	@Test
	void oneValueIsEveryQuantile() {
		assertThat(Quantiles.median(new double[] { 7 })).isEqualTo(7);
		assertThat(Quantiles.quantile(new double[] { 7 }, 0.25)).isEqualTo(7);
		assertThat(Quantiles.quantile(new double[] { 7 }, 1)).isEqualTo(7);
	}

	@Test
	void quantilesInterpolateBetweenRanks() {
		double[] sorted = { 10, 20, 30, 40 };
		assertThat(Quantiles.quantile(sorted, 0)).isEqualTo(10);
		assertThat(Quantiles.quantile(sorted, 1)).isEqualTo(40);
		// Rank 0.75: three quarters of the way from 10 to 20.
		assertThat(Quantiles.quantile(sorted, 0.25)).isEqualTo(17.5);
		assertThat(Quantiles.quantile(sorted, 0.75)).isEqualTo(32.5);
		double[] five = { 1, 2, 3, 4, 5 };
		assertThat(Quantiles.quantile(five, 0.25)).isEqualTo(2);
		assertThat(Quantiles.quantile(five, 0.9)).isCloseTo(4.6, within(1e-12));
	}

	@Test
	void sortingCopiesAndLeavesTheSamplesAsTheyWere() {
		double[] values = { 3, 1, 2 };
		assertThat(Quantiles.sorted(values)).containsExactly(1, 2, 3);
		assertThat(values).containsExactly(3, 1, 2);
		Quantiles.median(values);
		assertThat(values).containsExactly(3, 1, 2);
	}

}

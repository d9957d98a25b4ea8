package dev.pyroscopestarter.benchmarks;

import java.util.Arrays;
import java.util.List;

/** Medians and quantiles of the benchmarks' samples, linear between the two nearest ranks. */
final class Quantiles {

	private Quantiles() {
	}

	static double median(double[] values) {
		return quantile(sorted(values), 0.5);
	}

	static double median(List<Double> values) {
		return median(values.stream().mapToDouble(Double::doubleValue).toArray());
	}

	/** A sorted copy, for {@link #quantile}. */
	static double[] sorted(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted;
	}

	/** The {@code q} quantile (0 to 1) of values sorted in ascending order. */
	static double quantile(double[] sorted, double q) {
		double rank = q * (sorted.length - 1);
		int below = (int) Math.floor(rank);
		int above = Math.min(below + 1, sorted.length - 1);
		return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
	}

}

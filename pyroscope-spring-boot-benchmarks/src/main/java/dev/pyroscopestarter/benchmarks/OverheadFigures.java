package dev.pyroscopestarter.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * What {@link OverheadBenchmark} measures, and the arithmetic over it: the modes, one window of load, one run's
 * results, one JVM's pairs of windows switched on and off, their ratios, medians and percentiles.
 */
final class OverheadFigures {

	private OverheadFigures() {
	}

	enum Mode {

		OFF("profiling off"), STARTER("starter, dynamic + route labels"),
		AGENT("agent by hand (-javaagent)"), STARTER_NO_LABELS("starter, no dynamic labels");

		final String description;

		Mode(String description) {
			this.description = description;
		}

	}

	record Result(Mode mode, double cpuMsPerRequest, double jitMsPerRequest, double completedPerSecond, double p50Millis, double p99Millis,
			double heapMb, double rssMb, double uploadKbPerMin, double startupSeconds, Map<String, Double> nmtMb) {
	}

	/** What one window of open-loop load gave. */
	record Window(long completed, long cpuNanos, long jitNanos, long profilingNanos, long[] latencies, int late,
			long uploadedBytes) {

		double cpuMsPerRequest() {
			return this.cpuNanos / 1e6 / this.completed;
		}

		double withoutJitMsPerRequest() {
			return (this.cpuNanos - this.jitNanos) / 1e6 / this.completed;
		}

		/** CPU of the profiling's own threads per request. */
		double profilingMsPerRequest() {
			return this.profilingNanos / 1e6 / this.completed;
		}

		/** CPU of everything else but the JIT: the application's threads, where the signal handler runs too. */
		double applicationMsPerRequest() {
			return (this.cpuNanos - this.jitNanos - this.profilingNanos) / 1e6 / this.completed;
		}

	}

	/** One JVM's windows at one busy setting with the profiler running and stopped, in the order of the pairs. */
	record Toggled(Mode mode, int round, List<Window> on, List<Window> off) {

		double[] ratios(ToDoubleFunction<Window> figure) {
			double[] ratios = new double[this.on.size()];
			for (int i = 0; i < ratios.length; i++) {
				ratios[i] = figure.applyAsDouble(this.on.get(i)) / figure.applyAsDouble(this.off.get(i));
			}
			return ratios;
		}

	}

	/** Each JVM's median of its pairs' ratios. */
	static double[] perJvm(List<Toggled> jvms, ToDoubleFunction<Window> figure) {
		return jvms.stream().mapToDouble((jvm) -> Quantiles.median(jvm.ratios(figure))).toArray();
	}

	static double[] windows(List<Toggled> jvms, boolean on, ToDoubleFunction<Window> figure) {
		return jvms.stream().flatMap((jvm) -> (on ? jvm.on() : jvm.off()).stream()).mapToDouble(figure).toArray();
	}

	static double[] figures(List<Window> windows, ToDoubleFunction<Window> figure) {
		return windows.stream().mapToDouble(figure).toArray();
	}

	static double percentile(long[] sorted, double fraction) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)] / 1e6;
	}

	/** The ratio of the medians, then the lowest and highest ratio of a round. */
	static String ratioOfMedians(List<Result> as, List<Result> bs, ToDoubleFunction<Result> figure) {
		double[] perRound = new double[as.size()];
		for (int i = 0; i < perRound.length; i++) {
			perRound[i] = figure.applyAsDouble(as.get(i)) / figure.applyAsDouble(bs.get(i));
		}
		Arrays.sort(perRound);
		return String.format(Locale.ROOT, "%.3f | %.3f-%.3f", median(as, figure) / median(bs, figure), perRound[0],
				perRound[perRound.length - 1]);
	}

	static double withoutJit(Result result) {
		return result.cpuMsPerRequest() - result.jitMsPerRequest();
	}

	static Result medianOf(Mode mode, List<Result> runs) {
		return new Result(mode, median(runs, Result::cpuMsPerRequest), median(runs, Result::jitMsPerRequest),
				median(runs, Result::completedPerSecond),
				median(runs, Result::p50Millis), median(runs, Result::p99Millis), median(runs, Result::heapMb),
				median(runs, Result::rssMb), median(runs, Result::uploadKbPerMin), median(runs, Result::startupSeconds),
				Map.of());
	}

	static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
		return Quantiles.median(runs.stream().mapToDouble(figure).toArray());
	}

	static double nmtMedian(@Nullable List<Result> runs, String category) {
		if (runs == null) {
			return Double.NaN;
		}
		double[] values = runs.stream()
			.mapToDouble((run) -> run.nmtMb().getOrDefault(category, Double.NaN))
			.filter((value) -> !Double.isNaN(value))
			.toArray();
		return (values.length > 0) ? Quantiles.median(values) : Double.NaN;
	}

}

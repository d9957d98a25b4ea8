package dev.pyroscopestarter.benchmarks;

import java.util.List;
import java.util.Map;

import dev.pyroscopestarter.benchmarks.OverheadFigures.Mode;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Result;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Toggled;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The overhead benchmark's arithmetic: CPU per request, on/off ratios, medians across runs, percentiles. */
class OverheadFiguresTest {

	@Test
	void aWindowsCpuIsSharedOutPerRequestWithAndWithoutTheJitAndTheProfilingThreads() {
		// 100 requests; 200 ms of CPU, of which the JIT 50 ms and the profiling's own threads 20 ms.
		Window window = window(100, 200, 50, 20);
		assertThat(window.cpuMsPerRequest()).isCloseTo(2.0, within(1e-12));
		assertThat(window.withoutJitMsPerRequest()).isCloseTo(1.5, within(1e-12));
		assertThat(window.profilingMsPerRequest()).isCloseTo(0.2, within(1e-12));
		assertThat(window.applicationMsPerRequest()).isCloseTo(1.3, within(1e-12));
	}

	@Test
	void aToggledJvmsRatiosAreOnOverOffPairByPair() {
		Toggled jvm = new Toggled(Mode.STARTER, 1, List.of(window(100, 220, 0, 0), window(100, 330, 0, 0)),
				List.of(window(100, 200, 0, 0), window(100, 300, 0, 0)));
		assertThat(jvm.ratios(Window::cpuMsPerRequest)).containsExactly(new double[] { 1.1, 1.1 }, within(1e-12));
		Toggled other = new Toggled(Mode.STARTER, 2, List.of(window(100, 300, 0, 0), window(50, 100, 0, 0)),
				List.of(window(100, 200, 0, 0), window(100, 200, 0, 0)));
		// Per request: 3.0 / 2.0 and 2.0 / 2.0.
		assertThat(other.ratios(Window::cpuMsPerRequest)).containsExactly(new double[] { 1.5, 1.0 }, within(1e-12));
		assertThat(OverheadFigures.perJvm(List.of(jvm, other), Window::cpuMsPerRequest))
			.containsExactly(new double[] { 1.1, 1.25 }, within(1e-12));
		assertThat(OverheadFigures.windows(List.of(jvm, other), true, Window::cpuMsPerRequest))
			.containsExactly(new double[] { 2.2, 3.3, 3.0, 2.0 }, within(1e-12));
		assertThat(OverheadFigures.windows(List.of(jvm, other), false, Window::cpuMsPerRequest))
			.containsExactly(new double[] { 2.0, 3.0, 2.0, 2.0 }, within(1e-12));
	}

	@Test
	void percentilesAreNearestRankOfSortedNanosecondsInMilliseconds() {
		long[] latencies = new long[100];
		for (int i = 0; i < latencies.length; i++) {
			latencies[i] = (i + 1) * 1_000_000L;
		}
		assertThat(OverheadFigures.percentile(latencies, 0.50)).isEqualTo(50.0);
		assertThat(OverheadFigures.percentile(latencies, 0.99)).isEqualTo(99.0);
		assertThat(OverheadFigures.percentile(latencies, 1.0)).isEqualTo(100.0);
		assertThat(OverheadFigures.percentile(new long[] { 3_000_000 }, 0.99)).isEqualTo(3.0);
		assertThat(OverheadFigures.percentile(new long[0], 0.5)).isNaN();
	}

	@Test
	void modesAreComparedByTheRatioOfTheirMediansWithTheSpreadOfTheRounds() {
		List<Result> starter = List.of(result(Mode.STARTER, 2.0, 0.5), result(Mode.STARTER, 4.0, 1.0),
				result(Mode.STARTER, 3.0, 0.5));
		List<Result> off = List.of(result(Mode.OFF, 1.0, 0.5), result(Mode.OFF, 2.0, 0.5), result(Mode.OFF, 2.0, 0.0));
		// Medians 3.0 and 2.0; per round 2.0, 2.0 and 1.5.
		assertThat(OverheadFigures.ratioOfMedians(starter, off, Result::cpuMsPerRequest)).isEqualTo("1.500 | 1.500-2.000");
		// Without the JIT: 1.5, 3.0, 2.5 against 0.5, 1.5, 2.0.
		assertThat(OverheadFigures.ratioOfMedians(starter, off, OverheadFigures::withoutJit))
			.isEqualTo("1.667 | 1.250-3.000");
	}

	@Test
	void theMedianRunHoldsEachFiguresOwnMedian() {
		List<Result> runs = List.of(result(Mode.OFF, 1.0, 0.3), result(Mode.OFF, 5.0, 0.1), result(Mode.OFF, 2.0, 0.2));
		Result median = OverheadFigures.medianOf(Mode.OFF, runs);
		assertThat(median.mode()).isEqualTo(Mode.OFF);
		assertThat(median.cpuMsPerRequest()).isEqualTo(2.0);
		assertThat(median.jitMsPerRequest()).isEqualTo(0.2);
		assertThat(OverheadFigures.median(runs, Result::cpuMsPerRequest)).isEqualTo(2.0);
		assertThat(OverheadFigures.withoutJit(runs.get(0))).isCloseTo(0.7, within(1e-12));
	}

	@Test
	void nativeMemoryMediansSkipRunsWithoutTheCategory() {
		List<Result> runs = List.of(nmt(Map.of("Thread", 10.0)), nmt(Map.of("Thread", 30.0)), nmt(Map.of()),
				nmt(Map.of("Thread", 20.0, "Code", 5.0)));
		assertThat(OverheadFigures.nmtMedian(runs, "Thread")).isEqualTo(20.0);
		assertThat(OverheadFigures.nmtMedian(runs, "Code")).isEqualTo(5.0);
		assertThat(OverheadFigures.nmtMedian(runs, "GC")).isNaN();
		assertThat(OverheadFigures.nmtMedian(null, "Thread")).isNaN();
	}

	private static Window window(long completed, long cpuMillis, long jitMillis, long profilingMillis) {
		return new Window(completed, cpuMillis * 1_000_000L, jitMillis * 1_000_000L, profilingMillis * 1_000_000L,
				new long[0], 0, 0);
	}

	private static Result result(Mode mode, double cpu, double jit) {
		return new Result(mode, cpu, jit, 10, 1, 2, 100, 200, 5, 3, Map.of());
	}

	private static Result nmt(Map<String, Double> nmt) {
		return new Result(Mode.STARTER, 1, 0, 10, 1, 2, 100, 200, 5, 3, nmt);
	}

}

package dev.pyroscopestarter.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pyroscopestarter.benchmarks.OverheadFigures.Mode;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Result;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Toggled;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Window;

/**
 * The tables {@link OverheadBenchmark} prints at the end of a run (Markdown, as BENCHMARKS.md quotes them): CPU per
 * request by mode and the ratios between modes, the on/off ratios of toggled JVMs, and the native memory by category.
 */
final class OverheadReport {

	private OverheadReport() {
	}

	/** NMT categories reported, in this order; "classes" is a count, "unseen" is RSS minus NMT's total. */
	private static final List<String> NMT_CATEGORIES = List.of("Total", "Java Heap", "Class", "Metaspace", "Thread",
			"Code", "GC", "Compiler", "Internal", "Other", "Symbol", "Native Memory Tracking", "Arena Chunk",
			"Shared class space", "Module", "Synchronizer", "Serviceability", "Class: metadata", "Class: class space",
			"classes", "threads", "unseen");

	static void reportToggled(int busy, double rate, int warmupSeconds, int pairs, int measureSeconds,
			Map<Mode, List<Toggled>> results) {
		System.out.println();
		System.out.printf(Locale.ROOT, "busy %d, %.1f requests/s, %d s warm-up, %d pairs of %d s windows per JVM%n", busy,
				rate, warmupSeconds, pairs, measureSeconds);
		System.out.println("| Mode | JVMs | On / off per JVM (median of its pairs) | Median of JVMs | All pairs: median "
				+ "| quartiles | Without JIT | Application threads only | CPU per request on / off (ms) "
				+ "| Profiling's threads on / off (ms per request) | Added CPU (ms per s) |");
		System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
		Map<Mode, Double> byMode = new LinkedHashMap<>();
		results.forEach((mode, jvms) -> {
			double[] perJvm = OverheadFigures.perJvm(jvms, Window::cpuMsPerRequest);
			double[] all = jvms.stream().flatMapToDouble((jvm) -> Arrays.stream(jvm.ratios(Window::cpuMsPerRequest))).toArray();
			double on = Quantiles.median(OverheadFigures.windows(jvms, true, Window::cpuMsPerRequest));
			double off = Quantiles.median(OverheadFigures.windows(jvms, false, Window::cpuMsPerRequest));
			byMode.put(mode, Quantiles.median(perJvm));
			StringBuilder list = new StringBuilder();
			for (double ratio : perJvm) {
				list.append((list.length() > 0) ? ", " : "").append(String.format(Locale.ROOT, "%.4f", ratio));
			}
			System.out.printf(Locale.ROOT, "| %s | %d | %s | **%.4f** | %.4f | %.4f-%.4f | %.4f | %.4f | %.3f / %.3f "
					+ "| %.3f / %.3f | %.1f |%n", mode.description, jvms.size(), list, Quantiles.median(perJvm),
					Quantiles.median(all), Quantiles.quantile(Quantiles.sorted(all), 0.25), Quantiles.quantile(Quantiles.sorted(all), 0.75),
					Quantiles.median(OverheadFigures.perJvm(jvms, Window::withoutJitMsPerRequest)),
					Quantiles.median(OverheadFigures.perJvm(jvms, Window::applicationMsPerRequest)), on, off,
					Quantiles.median(OverheadFigures.windows(jvms, true, Window::profilingMsPerRequest)),
					Quantiles.median(OverheadFigures.windows(jvms, false, Window::profilingMsPerRequest)), (on - off) * rate);
		});
		if (byMode.containsKey(Mode.STARTER) && byMode.containsKey(Mode.AGENT)) {
			// Both baselines are the same application with its profiler stopped; the ratio of the two costs is then
			// what the starter's profiling costs against the agent's.
			System.out.printf(Locale.ROOT, "starter / agent (ratio of their on/off medians): %.4f%n",
					byMode.get(Mode.STARTER) / byMode.get(Mode.AGENT));
		}
		if (byMode.containsKey(Mode.STARTER) && byMode.containsKey(Mode.STARTER_NO_LABELS)) {
			System.out.printf(Locale.ROOT, "starter / starter without dynamic labels: %.4f%n",
					byMode.get(Mode.STARTER) / byMode.get(Mode.STARTER_NO_LABELS));
		}
	}

	static void report(int busy, double rate, int rounds, int warmupSeconds, int measureSeconds,
			Map<Mode, List<Result>> results) {
		Map<Mode, Result> median = new LinkedHashMap<>();
		results.forEach((mode, runs) -> median.put(mode, OverheadFigures.medianOf(mode, runs)));
		System.out.println();
		System.out.printf(Locale.ROOT, "busy %d, %.1f requests/s, %d rounds, %d s warm-up, %d s measured%n", busy, rate,
				rounds, warmupSeconds, measureSeconds);
		System.out.println("| Mode | CPU per request (ms) | min-max | of which JIT | Without JIT | min-max | Requests/s "
				+ "| p50 (ms) | p99 (ms) | Heap after GC (MB) | RSS (MB) | Upload (KB/min) | Startup (s) |");
		System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
		median.values().forEach((r) -> {
			double[] cpu = results.get(r.mode()).stream().mapToDouble(Result::cpuMsPerRequest).sorted().toArray();
			double[] noJit = results.get(r.mode()).stream().mapToDouble(OverheadFigures::withoutJit).sorted().toArray();
			System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f-%.3f | %.3f | %.3f | %.3f-%.3f | %.1f | %.1f | %.1f | %.1f "
					+ "| %.1f | %.1f | %.2f |%n", r.mode().description, r.cpuMsPerRequest(), cpu[0], cpu[cpu.length - 1],
					r.jitMsPerRequest(), OverheadFigures.median(results.get(r.mode()), OverheadFigures::withoutJit), noJit[0],
					noJit[noJit.length - 1], r.completedPerSecond(), r.p50Millis(), r.p99Millis(), r.heapMb(), r.rssMb(),
					r.uploadKbPerMin(), r.startupSeconds());
		});
		System.out.println();
		System.out.println("| CPU per request | Ratio of medians | Per round, min-max | Without JIT | Per round, min-max |");
		System.out.println("| --- | --- | --- | --- | --- |");
		List<Mode[]> pairs = List.of(new Mode[] { Mode.STARTER, Mode.OFF }, new Mode[] { Mode.STARTER, Mode.AGENT },
				new Mode[] { Mode.STARTER_NO_LABELS, Mode.OFF }, new Mode[] { Mode.AGENT, Mode.OFF },
				new Mode[] { Mode.STARTER, Mode.STARTER_NO_LABELS });
		for (Mode[] pair : pairs) {
			if (results.containsKey(pair[0]) && results.containsKey(pair[1])) {
				ratio(results, pair[0], pair[1]);
			}
		}
	}

	/** The ratio of the medians, and the spread of the ratios within each round (the modes of a round run together). */
	static void ratio(Map<Mode, List<Result>> results, Mode a, Mode b) {
		System.out.printf(Locale.ROOT, "| %s / %s | %s | %s |%n", name(a), name(b),
				OverheadFigures.ratioOfMedians(results.get(a), results.get(b), Result::cpuMsPerRequest),
				OverheadFigures.ratioOfMedians(results.get(a), results.get(b), OverheadFigures::withoutJit));
	}

	static String name(Mode mode) {
		return switch (mode) {
			case OFF -> "off";
			case STARTER -> "starter";
			case AGENT -> "agent";
			case STARTER_NO_LABELS -> "starter without dynamic labels";
		};
	}

	static void reportNmt(Map<Mode, List<Result>> results) {
		System.out.println();
		System.out.println("NMT, committed MB (medians over the rounds; classes, threads: counts; unseen: RSS minus NMT's total)");
		System.out.println("| Category | off | starter | agent by hand | starter - off | agent - off | starter - agent |");
		System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
		for (String category : NMT_CATEGORIES) {
			double off = OverheadFigures.nmtMedian(results.get(Mode.OFF), category);
			double starter = OverheadFigures.nmtMedian(results.get(Mode.STARTER), category);
			double agent = OverheadFigures.nmtMedian(results.get(Mode.AGENT), category);
			if (Double.isNaN(off) && Double.isNaN(starter) && Double.isNaN(agent)) {
				continue;
			}
			System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %+.1f | %+.1f | %+.1f |%n", category, off, starter,
					agent, starter - off, agent - off, starter - agent);
		}
		for (Mode mode : results.keySet()) {
			for (Result run : results.get(mode)) {
				System.out.printf(Locale.ROOT, "%s run: RSS %.1f MB, NMT %s%n", mode, run.rssMb(), run.nmtMb());
			}
		}
	}

}

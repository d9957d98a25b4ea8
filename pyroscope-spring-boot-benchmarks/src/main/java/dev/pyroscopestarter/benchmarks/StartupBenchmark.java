package dev.pyroscopestarter.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.pyroscopestarter.benchmarks.Quantiles.median;
import static dev.pyroscopestarter.benchmarks.Quantiles.quantile;

/**
 * What the starter adds to the rideshare demo's startup, in-process: the time {@code SpringApplication.run} takes
 * (Spring Boot's own "Started ... in N seconds", from the start of {@code run} until the context is refreshed and
 * its lifecycle beans, the profiler among them, are started), with the starter on and off, in many pairs. The two
 * runs of a pair are back to back in alternating order, so that a change of load on the machine hits both; the
 * figure is the median of the paired differences, with its spread.
 * <p>
 * Usage (see BENCHMARKS.md): {@code StartupBenchmark --app <demo jar> [--pairs 20]}.
 */
public final class StartupBenchmark {

	private static final Pattern STARTED = Pattern
		.compile("Started \\S+ in (\\d+\\.\\d+) seconds \\(process running for (\\d+\\.\\d+)\\)");

	private final Path app;

	private final int pairs;

	private StartupBenchmark(Path app, int pairs) {
		this.app = app;
		this.pairs = pairs;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		String app = options.get("app");
		if (app == null) {
			throw new IllegalArgumentException("--app is required; see BENCHMARKS.md");
		}
		new StartupBenchmark(Path.of(app), Integer.parseInt(options.getOrDefault("pairs", "20"))).run();
	}

	private void run() throws Exception {
		System.out.printf(Locale.ROOT, "JDK %s, %d cores, load average at start %s%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), loadAverage());
		// One run of each, not counted: the first start after a build reads the jar from disk.
		start(false);
		start(true);
		double[] runDiffs = new double[this.pairs];
		double[] processDiffs = new double[this.pairs];
		double[] on = new double[this.pairs];
		double[] off = new double[this.pairs];
		for (int i = 0; i < this.pairs; i++) {
			double[] first;
			double[] second;
			boolean starterFirst = (i % 2 == 0);
			first = start(starterFirst);
			second = start(!starterFirst);
			double[] with = starterFirst ? first : second;
			double[] without = starterFirst ? second : first;
			on[i] = with[0];
			off[i] = without[0];
			runDiffs[i] = with[0] - without[0];
			processDiffs[i] = with[1] - without[1];
			System.out.printf(Locale.ROOT, "pair %2d: run() starter %.0f ms, off %.0f ms, added %+.0f ms; process %+.0f ms%n",
					i + 1, with[0], without[0], runDiffs[i], processDiffs[i]);
		}
		System.out.printf(Locale.ROOT, "load average at end %s%n", loadAverage());
		System.out.printf(Locale.ROOT, "SpringApplication.run, starter: median %.0f ms; off: median %.0f ms%n", median(on),
				median(off));
		report("added to SpringApplication.run", runDiffs);
		report("added to the process's time until started", processDiffs);
	}

	private static void report(String what, double[] diffs) {
		double[] sorted = diffs.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "%s, %d pairs: median %+.0f ms, quartiles %+.0f to %+.0f ms, min-max %+.0f to %+.0f ms%n",
				what, sorted.length, median(sorted), quantile(sorted, 0.25), quantile(sorted, 0.75), sorted[0],
				sorted[sorted.length - 1]);
	}

	/** Seconds of {@code SpringApplication.run} and of the process until started, in milliseconds. */
	private double[] start(boolean starter) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xms256m", "-Xmx256m", "-jar", this.app.toString(), "--server.port=0",
				"--rideshare.load-generator.enabled=false", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=health", "--management.tracing.sampling.probability=0.0",
				"--pyroscope.enabled=" + starter));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// Upload mode, as in the overhead benchmark; nothing is uploaded before the first window ends.
		builder.environment().put("PYROSCOPE_SERVER_ADDRESS", "http://127.0.0.1:9");
		builder.environment().put("PYROSCOPE_APPLICATION_NAME", "rideshare-startup");
		builder.environment().put("PYROSCOPE_PROFILING_INTERVAL", "10ms");
		Process process = builder.start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				Matcher matcher = STARTED.matcher(line);
				if (matcher.find()) {
					return new double[] { Double.parseDouble(matcher.group(1)) * 1000,
							Double.parseDouble(matcher.group(2)) * 1000 };
				}
			}
			throw new IllegalStateException("The demo exited before it started, exit code " + process.waitFor());
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	private static String loadAverage() {
		try {
			return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
	}

}

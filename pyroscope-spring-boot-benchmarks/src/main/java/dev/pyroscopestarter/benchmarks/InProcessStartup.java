package dev.pyroscopestarter.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.pyroscopestarter.benchmarks.Quantiles.median;
import static dev.pyroscopestarter.benchmarks.Quantiles.quantile;

/**
 * What the starter adds to {@code SpringApplication.run} of an application, in one JVM: the application is started
 * and closed again and again, the starter on and off in alternating pairs, each run timed from the call of
 * {@code run} until it returns (the context refreshed, its lifecycle beans, the profiler among them, started).
 * After the first runs every class is loaded and compiled, so this is the starter's own work at startup (its beans,
 * its configuration, starting the profiler), not loading its classes, which {@link StartupBenchmark} adds in fresh
 * JVMs. With {@code -Dstartup.steps=true} the last run with the starter prints its slowest steps
 * ({@link BufferingApplicationStartup}) whose bean is the starter's.
 * <p>
 * Launched inside a Spring Boot jar with its {@code PropertiesLauncher}: {@code java -Dloader.main=<this class>
 * -Dloader.path=<this module's classes> -Dstartup.main=<the application's main class> -Dstartup.pairs=40 -cp <jar>
 * org.springframework.boot.loader.launch.PropertiesLauncher <arguments>}. See BENCHMARKS.md.
 */
public final class InProcessStartup {

	private InProcessStartup() {
	}

	public static void main(String[] args) throws Exception {
		Class<?> application = Class.forName(System.getProperty("startup.main"), true,
				Thread.currentThread().getContextClassLoader());
		int pairs = Integer.getInteger("startup.pairs", 40);
		int warmup = Integer.getInteger("startup.warmup", 5);
		boolean steps = Boolean.getBoolean("startup.steps");
		for (int i = 0; i < warmup; i++) {
			run(application, args, true, false);
			run(application, args, false, false);
		}
		double[] diffs = new double[pairs];
		double[] on = new double[pairs];
		double[] off = new double[pairs];
		for (int i = 0; i < pairs; i++) {
			boolean starterFirst = (i % 2 == 0);
			double first = run(application, args, starterFirst, steps && i == pairs - 1 && starterFirst);
			double second = run(application, args, !starterFirst, steps && i == pairs - 1 && !starterFirst);
			on[i] = starterFirst ? first : second;
			off[i] = starterFirst ? second : first;
			diffs[i] = on[i] - off[i];
		}
		Arrays.sort(diffs);
		System.out.printf(Locale.ROOT,
				"IN_PROCESS %d pairs after %d warm-up pairs: run() starter median %.1f ms, off median %.1f ms; "
						+ "added: median %+.1f ms, quartiles %+.1f to %+.1f ms, min-max %+.1f to %+.1f ms%n",
				pairs, warmup, median(on), median(off), quantile(diffs, 0.5), quantile(diffs, 0.25),
				quantile(diffs, 0.75), diffs[0], diffs[pairs - 1]);
		System.exit(0);
	}

	private static double run(Class<?> application, String[] args, boolean starter, boolean steps) {
		SpringApplication spring = new SpringApplication(application);
		BufferingApplicationStartup startup = steps ? new BufferingApplicationStartup(100_000) : null;
		if (startup != null) {
			spring.setApplicationStartup(startup);
		}
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--pyroscope.enabled=" + starter);
		long started = System.nanoTime();
		ConfigurableApplicationContext context = spring.run(arguments.toArray(String[]::new));
		double millis = (System.nanoTime() - started) / 1e6;
		context.close();
		if (startup != null) {
			printStarterSteps(startup);
		}
		return millis;
	}

	private static void printStarterSteps(BufferingApplicationStartup startup) {
		List<StartupTimeline.TimelineEvent> events = new ArrayList<>(startup.getBufferedTimeline().getEvents());
		events.sort((a, b) -> b.getDuration().compareTo(a.getDuration()));
		for (StartupTimeline.TimelineEvent event : events) {
			StringBuilder tags = new StringBuilder();
			event.getStartupStep().getTags().forEach((tag) -> tags.append(' ').append(tag.getValue()));
			if (tags.toString().toLowerCase(Locale.ROOT).contains("pyroscope") && event.getDuration().toMillis() >= 1) {
				System.out.printf(Locale.ROOT, "STEP %4d ms %s%s%n", event.getDuration().toMillis(),
						event.getStartupStep().getName(), tags);
			}
		}
	}

}

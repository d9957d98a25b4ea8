package dev.pyroscopestarter.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;

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
		int pairs = Integer.getInteger("startup.pairs", 40);
		int warmup = Integer.getInteger("startup.warmup", 5);
		boolean steps = Boolean.getBoolean("startup.steps");
		List<AlternatingStartups.Pair> runs = AlternatingStartups.of(args)
			.pairs(List.of("--pyroscope.enabled=true"), List.of("--pyroscope.enabled=false"), warmup, pairs,
					(pair) -> steps && pair == pairs - 1);
		System.out.printf(Locale.ROOT, "IN_PROCESS %d pairs after %d warm-up pairs, starter %s%n", pairs, warmup,
				AlternatingStartups.summary(runs));
		BufferingApplicationStartup last = runs.get(pairs - 1).on().startup();
		if (last != null) {
			printStarterSteps(last);
		}
		System.exit(0);
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

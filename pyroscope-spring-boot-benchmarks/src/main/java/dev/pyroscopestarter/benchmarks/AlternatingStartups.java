package dev.pyroscopestarter.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.pyroscopestarter.benchmarks.Quantiles.median;
import static dev.pyroscopestarter.benchmarks.Quantiles.quantile;

/**
 * Starts and closes an application again and again in one JVM, in alternating pairs of two settings (the first of a
 * pair alternates, so that neither side always runs right after a warm-up or a GC of the other), each run timed from
 * the call of {@code SpringApplication.run} until it returns. Shared by {@link InProcessStartup} and
 * {@link OriginStartup}, which differ in what they switch and what they report.
 */
final class AlternatingStartups {

	private final Class<?> application;

	private final String[] arguments;

	private AlternatingStartups(Class<?> application, String[] arguments) {
		this.application = application;
		this.arguments = arguments;
	}

	/** The application named by {@code -Dstartup.main}, started with {@code arguments}. */
	static AlternatingStartups of(String[] arguments) throws ClassNotFoundException {
		return new AlternatingStartups(Class.forName(System.getProperty("startup.main"), true,
				Thread.currentThread().getContextClassLoader()), arguments);
	}

	/** One start and close, with Spring's startup steps when asked for. */
	Run run(List<String> extraArguments, boolean timeline) {
		SpringApplication spring = new SpringApplication(this.application);
		BufferingApplicationStartup startup = timeline ? new BufferingApplicationStartup(100_000) : null;
		if (startup != null) {
			spring.setApplicationStartup(startup);
		}
		List<String> all = new ArrayList<>(List.of(this.arguments));
		all.addAll(extraArguments);
		long started = System.nanoTime();
		ConfigurableApplicationContext context = spring.run(all.toArray(String[]::new));
		double millis = (System.nanoTime() - started) / 1e6;
		context.close();
		return new Run(millis, startup);
	}

	/**
	 * {@code warmup} pairs, untimed, then {@code pairs} pairs.
	 * @param on the arguments of the setting measured
	 * @param off those of its baseline
	 * @param timeline which pairs record Spring's startup steps
	 */
	List<Pair> pairs(List<String> on, List<String> off, int warmup, int pairs, IntPredicate timeline) {
		for (int i = 0; i < warmup; i++) {
			run(on, false);
			run(off, false);
		}
		List<Pair> result = new ArrayList<>();
		for (int i = 0; i < pairs; i++) {
			boolean onFirst = (i % 2 == 0);
			boolean steps = timeline.test(i);
			Run first = run(onFirst ? on : off, steps);
			Run second = run(onFirst ? off : on, steps);
			result.add(onFirst ? new Pair(first, second) : new Pair(second, first));
		}
		return result;
	}

	/** The medians of both settings and what the measured one added, paired, as one line. */
	static String summary(List<Pair> pairs) {
		double[] on = pairs.stream().mapToDouble((pair) -> pair.on().millis()).toArray();
		double[] off = pairs.stream().mapToDouble((pair) -> pair.off().millis()).toArray();
		double[] added = Quantiles.sorted(pairs.stream().mapToDouble(Pair::added).toArray());
		return String.format(Locale.ROOT,
				"on median %.1f ms, off median %.1f ms; added: median %+.1f ms, quartiles %+.1f to %+.1f ms, "
						+ "min-max %+.1f to %+.1f ms",
				median(on), median(off), quantile(added, 0.5), quantile(added, 0.25), quantile(added, 0.75), added[0],
				added[added.length - 1]);
	}

	/**
	 * One start.
	 *
	 * @param millis how long {@code run} took
	 * @param startup its steps, or null when not recorded
	 */
	record Run(double millis, @Nullable BufferingApplicationStartup startup) {

	}

	/** A run of the measured setting and one of its baseline. */
	record Pair(Run on, Run off) {

		double added() {
			return this.on.millis() - this.off.millis();
		}

	}

}

package dev.pyroscopestarter.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;

import static dev.pyroscopestarter.benchmarks.Quantiles.quantile;

/**
 * What finding out where a profile comes from (service name, git info, ECS, Kubernetes, fleet share: issue 28) adds
 * to an application's startup when none of those sources is present, in one JVM. Two figures:
 * <ul>
 * <li>the beans that do that work, timed by Spring's {@link BufferingApplicationStartup} in every run:
 * {@code pyroscopeProfileOrigin} (all the detection) and {@code pyroscopeAgentSettings}, which creates it and also
 * resolves the service name (and did its earlier checks before issue 28: an upper bound). The first run of the JVM
 * includes loading their classes, as a real startup does;</li>
 * <li>{@code SpringApplication.run} as a whole, in alternating pairs: the detection on (the defaults) against all of
 * it switched off ({@code pyroscope.source-code.enabled}, {@code pyroscope.platform.*.enabled} false and
 * {@code pyroscope.application-name} set).</li>
 * </ul>
 * Launched like {@link InProcessStartup}: {@code java -Dloader.main=<this class> -Dloader.path=<this module's classes>
 * -Dstartup.main=<the application's main class> -Dstartup.pairs=40 -cp <jar>
 * org.springframework.boot.loader.launch.PropertiesLauncher <arguments>}. See BENCHMARKS.md.
 */
public final class OriginStartup {

	private static final List<String> BEANS = List.of("pyroscopeProfileOrigin", "pyroscopeAgentSettings");

	private static final List<String> DETECTION_OFF = List.of("--pyroscope.source-code.enabled=false",
			"--pyroscope.platform.ecs.enabled=false", "--pyroscope.platform.kubernetes.enabled=false",
			"--pyroscope.application-name=rideshare");

	private OriginStartup() {
	}

	public static void main(String[] args) throws Exception {
		int pairs = Integer.getInteger("startup.pairs", 40);
		int warmup = Integer.getInteger("startup.warmup", 5);
		AlternatingStartups startups = AlternatingStartups.of(args);
		double[] cold = beanMillis(startups.run(List.of(), true));
		System.out.printf(Locale.ROOT, "FIRST RUN (classes loaded here): %s%n", steps(cold));
		List<AlternatingStartups.Pair> runs = startups.pairs(List.of(), DETECTION_OFF, warmup, pairs, (pair) -> true);
		double[][] beans = new double[BEANS.size()][pairs];
		double[] settingsDiffs = new double[pairs];
		for (int i = 0; i < pairs; i++) {
			double[] detecting = beanMillis(runs.get(i).on());
			for (int b = 0; b < BEANS.size(); b++) {
				beans[b][i] = detecting[b];
			}
			// The agent settings' bean, inclusive of the beans it creates, with and without the detection.
			settingsDiffs[i] = detecting[1] - beanMillis(runs.get(i).off())[1];
		}
		for (int b = 0; b < BEANS.size(); b++) {
			double[] sorted = Quantiles.sorted(beans[b]);
			System.out.printf(Locale.ROOT, "BEAN %s: median %.2f ms, quartiles %.2f to %.2f ms, max %.2f ms%n",
					BEANS.get(b), quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75),
					sorted[pairs - 1]);
		}
		double[] settingsSorted = Quantiles.sorted(settingsDiffs);
		System.out.printf(Locale.ROOT,
				"BEAN pyroscopeAgentSettings, detection on minus off, paired: median %+.2f ms, quartiles %+.2f to %+.2f ms%n",
				quantile(settingsSorted, 0.5), quantile(settingsSorted, 0.25), quantile(settingsSorted, 0.75));
		System.out.printf(Locale.ROOT, "RUN %d pairs after %d warm-up pairs, detection %s%n", pairs, warmup,
				AlternatingStartups.summary(runs));
		System.exit(0);
	}

	/** How long each of {@link #BEANS} took to create in one run. */
	private static double[] beanMillis(AlternatingStartups.Run run) {
		double[] steps = new double[BEANS.size()];
		BufferingApplicationStartup startup = Objects.requireNonNull(run.startup());
		for (StartupTimeline.TimelineEvent event : startup.getBufferedTimeline().getEvents()) {
			if (!event.getStartupStep().getName().equals("spring.beans.instantiate")) {
				continue;
			}
			event.getStartupStep().getTags().forEach((tag) -> {
				int index = BEANS.indexOf(tag.getValue());
				if ("beanName".equals(tag.getKey()) && index >= 0) {
					steps[index] = event.getDuration().toNanos() / 1e6;
				}
			});
		}
		return steps;
	}

	private static String steps(double[] beanMillis) {
		StringBuilder text = new StringBuilder();
		for (int b = 0; b < BEANS.size(); b++) {
			text.append(String.format(Locale.ROOT, "%s %.2f ms; ", BEANS.get(b), beanMillis[b]));
		}
		return text.toString();
	}

}

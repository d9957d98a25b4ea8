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
		Class<?> application = Class.forName(System.getProperty("startup.main"), true,
				Thread.currentThread().getContextClassLoader());
		int pairs = Integer.getInteger("startup.pairs", 40);
		int warmup = Integer.getInteger("startup.warmup", 5);
		Run cold = run(application, args, true);
		System.out.printf(Locale.ROOT, "FIRST RUN (classes loaded here): %s%n", cold.steps());
		for (int i = 0; i < warmup; i++) {
			run(application, args, true);
			run(application, args, false);
		}
		double[] diffs = new double[pairs];
		double[] on = new double[pairs];
		double[] off = new double[pairs];
		double[][] beans = new double[BEANS.size()][pairs];
		double[] settingsDiffs = new double[pairs];
		for (int i = 0; i < pairs; i++) {
			boolean detectionFirst = (i % 2 == 0);
			Run first = run(application, args, detectionFirst);
			Run second = run(application, args, !detectionFirst);
			Run detecting = detectionFirst ? first : second;
			on[i] = detecting.millis();
			off[i] = (detectionFirst ? second : first).millis();
			diffs[i] = on[i] - off[i];
			for (int b = 0; b < BEANS.size(); b++) {
				beans[b][i] = detecting.stepMillis()[b];
			}
			// The agent settings' bean, inclusive of the beans it creates, with and without the detection.
			settingsDiffs[i] = detecting.stepMillis()[1] - (detectionFirst ? second : first).stepMillis()[1];
		}
		for (int b = 0; b < BEANS.size(); b++) {
			double[] sorted = beans[b].clone();
			Arrays.sort(sorted);
			System.out.printf(Locale.ROOT, "BEAN %s: median %.2f ms, quartiles %.2f to %.2f ms, max %.2f ms%n",
					BEANS.get(b), quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75),
					sorted[pairs - 1]);
		}
		Arrays.sort(settingsDiffs);
		System.out.printf(Locale.ROOT,
				"BEAN pyroscopeAgentSettings, detection on minus off, paired: median %+.2f ms, quartiles %+.2f to %+.2f ms%n",
				quantile(settingsDiffs, 0.5), quantile(settingsDiffs, 0.25), quantile(settingsDiffs, 0.75));
		Arrays.sort(diffs);
		System.out.printf(Locale.ROOT,
				"RUN %d pairs after %d warm-up pairs: detection on median %.1f ms, off median %.1f ms; "
						+ "added: median %+.1f ms, quartiles %+.1f to %+.1f ms, min-max %+.1f to %+.1f ms%n",
				pairs, warmup, median(on), median(off), quantile(diffs, 0.5), quantile(diffs, 0.25),
				quantile(diffs, 0.75), diffs[0], diffs[pairs - 1]);
		System.exit(0);
	}

	private static Run run(Class<?> application, String[] args, boolean detection) {
		SpringApplication spring = new SpringApplication(application);
		BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
		spring.setApplicationStartup(startup);
		List<String> arguments = new ArrayList<>(List.of(args));
		if (!detection) {
			arguments.addAll(DETECTION_OFF);
		}
		long started = System.nanoTime();
		ConfigurableApplicationContext context = spring.run(arguments.toArray(String[]::new));
		double millis = (System.nanoTime() - started) / 1e6;
		context.close();
		double[] steps = new double[BEANS.size()];
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
		return new Run(millis, steps);
	}

	private record Run(double millis, double[] stepMillis) {

		String steps() {
			StringBuilder text = new StringBuilder();
			for (int b = 0; b < BEANS.size(); b++) {
				text.append(String.format(Locale.ROOT, "%s %.2f ms; ", BEANS.get(b), this.stepMillis[b]));
			}
			return text.toString();
		}

	}

}

package dev.pyroscopestarter.benchmarks;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs an application's main class and, a while after it has started, prints the native profiler's own memory figures (the
 * Pyroscope fork of async-profiler answers its {@code metrics} command with the bytes of its call trace storage,
 * of the symbol tables of native libraries and so on), for what NMT does not see. Asks the profiler of the agent
 * started with {@code -javaagent} (the system class loader's copy) if there is one, else the application's copy
 * (the starter's), and never starts one: with profiling off it prints nothing.
 * <p>
 * Launched inside a Spring Boot jar with its {@code PropertiesLauncher}: {@code java -Dloader.main=<this class>
 * -Dloader.path=<this module's classes> -Dprobe.main=<the application's main class> -Dprobe.after=50s -cp <jar>
 * org.springframework.boot.loader.launch.PropertiesLauncher <arguments>}. See BENCHMARKS.md.
 */
public final class ProfilerMemoryProbe {

	private ProfilerMemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		Duration after = Duration.parse("PT" + System.getProperty("probe.after", "50s").toUpperCase(Locale.ROOT));
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		Class<?> application = Class.forName(System.getProperty("probe.main"), true, loader);
		// A Spring Boot main returns once the application has started; the profiler started with it.
		application.getMethod("main", String[].class).invoke(null, (Object) args);
		Thread probe = new Thread(() -> {
			try {
				Thread.sleep(after.toMillis());
				System.out.println("PROFILER_METRICS " + metrics(loader).replace('\n', ' '));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "profiler-memory-probe");
		probe.setDaemon(true);
		probe.start();
	}

	private static String metrics(ClassLoader application) {
		for (ClassLoader loader : new ClassLoader[] { ClassLoader.getSystemClassLoader(), application }) {
			try {
				Class<?> holder = Class.forName("io.pyroscope.PyroscopeAsyncProfiler", false, loader);
				// Only a profiler that runs: asking a copy that never started would load and start nothing, but
				// would extract and load its library.
				Class<?> agent = Class.forName("io.pyroscope.javaagent.PyroscopeAgent", true, loader);
				if (!(boolean) agent.getMethod("isStarted").invoke(null)) {
					continue;
				}
				Object profiler = holder.getMethod("getAsyncProfiler").invoke(null);
				Method execute = profiler.getClass().getMethod("execute", String.class);
				return (loader == ClassLoader.getSystemClassLoader() ? "agent " : "application ")
						+ execute.invoke(profiler, "metrics");
			}
			catch (ClassNotFoundException ex) {
				// Not in this loader.
			}
			catch (ReflectiveOperationException ex) {
				return "failed: " + ex;
			}
		}
		return "none running";
	}

}

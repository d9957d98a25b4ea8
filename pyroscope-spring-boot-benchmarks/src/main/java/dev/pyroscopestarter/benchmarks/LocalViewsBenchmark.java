package dev.pyroscopestarter.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.local.ProfileType;
import dev.pyroscopestarter.internal.local.WindowProfile;
import dev.pyroscopestarter.internal.local.view.FlameGraphBuilder;
import dev.pyroscopestarter.internal.local.view.LabelFilter;
import dev.pyroscopestarter.internal.local.view.LabelIndex;
import dev.pyroscopestarter.internal.profiler.ProfilerSettings;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one local view costs on a full default store: 5 minutes of 10-second windows sampled at 100 Hz from 4 busy
 * threads under three values of a dynamic label ({@code vehicle}). The new views (answered from the aggregates the
 * store keeps) against the renderer before them ({@link BaselineFlameGraphBuilder}, which parses every recording
 * on each request), in the same run; and what aggregating one window on arrival costs.
 * <p>
 * The windows are real: the first run records them with the real profiler (wall clock at 100 Hz, so that each busy
 * thread is sampled 100 times a second however loaded the machine; about 30 s) and keeps them under
 * {@code target/local-views-windows/}; later runs reuse them. Two recorded windows are repeated to 30, each moved
 * by 10 s (the recordings' own timestamps are not moved, so every view covers the whole store).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
public class LocalViewsBenchmark {

	static final Path FIXTURES = Path.of(System.getProperty("local.views.windows", "target/local-views-windows"));

	static final int WINDOWS = 30;

	static final String[] VEHICLES = { "car", "bike", "scooter" };

	private static final LabelFilter CAR = LabelFilter.valueOf("vehicle=car");

	private List<ProfileWindow> raw;

	private LocalProfileStore store;

	private List<WindowProfile> profiles;

	@Setup(Level.Trial)
	public void fillStore() throws Exception {
		List<ProfileWindow> recorded = recordedWindows();
		this.raw = new ArrayList<>();
		// A minute of margin: aggregating 30 windows takes seconds, and none may age out of the store meanwhile.
		Instant start = Instant.now().minus(Duration.ofSeconds(10L * WINDOWS - 60));
		for (int i = 0; i < WINDOWS; i++) {
			ProfileWindow window = recorded.get(i % recorded.size());
			Instant started = start.plusSeconds(10L * i);
			this.raw.add(new ProfileWindow(started, started.plusSeconds(10), window.units(), window.aggregationType(),
					window.sampleRate(), window.jfr(), window.labels()));
		}
		// The default store: 5 minutes, 32 MB.
		this.store = new LocalProfileStore(Duration.ofMinutes(5), 32L << 20);
		this.raw.forEach(this.store::export);
		// Parsed on the store's worker: wait for all of them.
		this.store.flush(Duration.ofMinutes(5));
		this.profiles = this.store.profiles(Duration.ofMinutes(6));
		if (this.profiles.size() != WINDOWS) {
			throw new IllegalStateException("The store kept " + this.profiles.size() + " windows");
		}
		long rawBytes = this.raw.stream().mapToLong(ProfileWindow::size).sum();
		System.out.printf("%nStore: %d windows, %d bytes kept (raw recordings and labels: %d bytes)%n", WINDOWS,
				this.store.figures().retainedBytes(), rawBytes);
	}

	@Benchmark
	public String flameGraph() {
		return builder(LabelFilter.none()).addAll(this.profiles).html("benchmark", null);
	}

	@Benchmark
	public String collapsedCar() {
		return builder(CAR).addAll(this.profiles).collapsed();
	}

	@Benchmark
	public String index() {
		return LabelIndex.of(this.profiles, ProfileType.CPU, Instant.EPOCH, null, LabelFilter.none(), Map.of())
			.html("benchmark", "seconds=300", LabelFilter.none(), Set.of());
	}

	@Benchmark
	public String diffCarAgainstBike() {
		return FlameGraphBuilder.diffHtml(builder(LabelFilter.valueOf("vehicle=bike")).addAll(this.profiles),
				builder(CAR).addAll(this.profiles), "benchmark", null);
	}

	@Benchmark
	public String baselineFlameGraph() {
		BaselineFlameGraphBuilder builder = new BaselineFlameGraphBuilder(Instant.EPOCH, null, LabelFilter.none(),
				Map.of());
		this.raw.forEach(builder::add);
		return builder.html("benchmark", null);
	}

	@Benchmark
	public String baselineCollapsedCar() {
		BaselineFlameGraphBuilder builder = new BaselineFlameGraphBuilder(Instant.EPOCH, null, CAR, Map.of());
		this.raw.forEach(builder::add);
		return builder.collapsed();
	}

	/** Done once per window, when it arrives: the price of the views above. */
	@Benchmark
	public WindowProfile aggregateOneWindow() {
		return WindowProfile.of(this.raw.get(0));
	}

	private static FlameGraphBuilder builder(LabelFilter filter) {
		return new FlameGraphBuilder(ProfileType.CPU, Instant.EPOCH, filter, Map.of());
	}

	private static List<ProfileWindow> recordedWindows() throws Exception {
		if (!Files.isRegularFile(FIXTURES.resolve("window-1.properties"))) {
			record();
		}
		List<ProfileWindow> windows = new ArrayList<>();
		for (int i = 0; Files.isRegularFile(FIXTURES.resolve("window-" + i + ".properties")); i++) {
			Properties meta = new Properties();
			try (var in = Files.newInputStream(FIXTURES.resolve("window-" + i + ".properties"))) {
				meta.load(in);
			}
			windows.add(new ProfileWindow(Instant.parse(meta.getProperty("started")),
					Instant.parse(meta.getProperty("ended")), meta.getProperty("units"),
					meta.getProperty("aggregationType"), Long.parseLong(meta.getProperty("sampleRate")),
					Files.readAllBytes(FIXTURES.resolve("window-" + i + ".jfr")),
					Files.readAllBytes(FIXTURES.resolve("window-" + i + ".labels"))));
		}
		return windows;
	}

	// Two whole 10-second windows of 4 threads at 100 Hz, each ride under one of three vehicles.
	private static void record() throws Exception {
		// Wall clock: each thread sampled at 100 Hz whatever CPU a shared machine gives it (itimer samples the
		// process's CPU time, which a loaded 2-core machine caps far below 4 threads x 100 Hz).
		AgentSettings agent = new AgentSettings("benchmark", Map.of(), ProfilingEvent.WALL, Duration.ofMillis(10),
				Duration.ofSeconds(10), null, false, null, 2048, false, null, null, null);
		LocalProfileStore recorder = new LocalProfileStore(Duration.ofHours(1), 1L << 30, true);
		PyroscopeProfiler profiler = new PyroscopeProfiler(new ProfilingAgent(agent), recorder,
				new ProfilerSettings(Duration.ofSeconds(5), false));
		profiler.start();
		if (profiler.status().state() != ProfilerState.RUNNING) {
			throw new IllegalStateException("The profiler did not start: " + profiler.status().reason());
		}
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int seed = t;
			Thread thread = new Thread(() -> ride(seed, running), "rider-" + t);
			thread.start();
			threads.add(thread);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		// The first window is cut short by the start: wait for two whole ones after it.
		while (recorder.figures().received() < 3 && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		running.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		profiler.stop();
		List<ProfileWindow> windows = recorder.recordings(Duration.ofHours(1));
		if (windows.size() < 3) {
			throw new IllegalStateException("Only " + windows.size() + " windows recorded");
		}
		Files.createDirectories(FIXTURES);
		for (int i = 0; i < 2; i++) {
			ProfileWindow window = windows.get(i + 1);
			Files.write(FIXTURES.resolve("window-" + i + ".jfr"), window.jfr());
			Files.write(FIXTURES.resolve("window-" + i + ".labels"), window.labels());
			Properties meta = new Properties();
			meta.setProperty("started", window.started().toString());
			meta.setProperty("ended", window.ended().toString());
			meta.setProperty("units", window.units());
			meta.setProperty("aggregationType", window.aggregationType());
			meta.setProperty("sampleRate", Long.toString(window.sampleRate()));
			try (var out = Files.newOutputStream(FIXTURES.resolve("window-" + i + ".properties"))) {
				meta.store(out, "A window recorded by LocalViewsBenchmark");
			}
		}
	}

	private static volatile long sink;

	private static void ride(int seed, AtomicBoolean running) {
		Random random = new Random(seed);
		while (running.get()) {
			String vehicle = VEHICLES[random.nextInt(VEHICLES.length)];
			int depth = 3 + random.nextInt(20);
			int kind = random.nextInt(3);
			Pyroscope.LabelsWrapper.run(new LabelsSet("vehicle", vehicle), () -> {
				sink += descend(depth, kind, random);
			});
		}
	}

	// Stacks of varied depth and leaves, as a real application has many.
	private static long descend(int depth, int kind, Random random) {
		if (depth == 0) {
			return switch (kind) {
				case 0 -> hash(random.nextLong());
				case 1 -> sort(random);
				default -> text(random);
			};
		}
		return ((depth % 2 == 0) ? evenStep(depth, kind, random) : oddStep(depth, kind, random)) + 1;
	}

	private static long evenStep(int depth, int kind, Random random) {
		return descend(depth - 1, kind, random);
	}

	private static long oddStep(int depth, int kind, Random random) {
		return descend(depth - 1, kind, random);
	}

	private static long hash(long seed) {
		long x = seed;
		for (int i = 0; i < 200_000; i++) {
			x = x * 6364136223846793005L + i;
		}
		return x;
	}

	private static long sort(Random random) {
		int[] values = random.ints(20_000).toArray();
		Arrays.sort(values);
		return values[values.length / 2];
	}

	private static long text(Random random) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 5_000; i++) {
			text.append(random.nextInt());
		}
		return text.toString().hashCode();
	}

}

package dev.pyroscopestarter.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sun.tools.attach.VirtualMachine;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Mode;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Result;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Toggled;
import dev.pyroscopestarter.benchmarks.OverheadFigures.Window;
import org.jspecify.annotations.Nullable;

/**
 * CPU cost of profiling the rideshare demo, per request, at a fixed request rate below saturation. The demo runs in
 * its fixed-work mode (a ride is a fixed number of search steps, not a search until a deadline), as a child process,
 * in four modes in interleaved rounds: profiling off, the starter at 100 Hz with dynamic and route labels, the
 * official agent started by hand with {@code -javaagent} at 100 Hz, and the starter without dynamic labels. Requests
 * are sent on a schedule (open loop), not after the previous answer, so every mode serves the same work in the same
 * time, and the cost of profiling shows up as CPU time of the child process, read from the operating system at the
 * start and end of each measured window and divided by the requests completed in it.
 * <p>
 * Each run of the demo is warmed up with a closed loop (so that the JIT is done), then measured in one open-loop
 * window per {@code --busy} setting: that many requests in flight on average (Little's law: rate = busy / the
 * latency of one request alone, measured in the first run, with profiling off). With {@code --workload mix} (default) a ride also
 * calls a stub pricing service here that answers after {@code --call-delay-ms}, writes and reads H2 and answers JSON;
 * the wait lets several requests be in flight on a machine with few cores without saturating it. With
 * {@code --workload compute} a ride is the search alone.
 * <p>
 * With {@code --toggle true} the profiler is switched off and on inside each JVM instead: after the warm-up
 * (half of it profiled, half not, so that both paths are compiled), windows alternate between the profiler
 * stopped and running, in pairs (off-on, on-off, off-on, ...), and each pair gives a ratio of CPU per request
 * measured seconds apart on the same compiled code. Between JVMs the same mode's CPU per request moves by up to 15%
 * (how the JIT compiled it), far more than the cost looked for; within one JVM it does not. The starter is stopped
 * and started through its actuator endpoint, the agent by hand through its own {@code PyroscopeAgent.stop()} and
 * {@code start()} ({@link AgentToggle}, loaded through the attach API). What it leaves out: what stays when the
 * profiler is stopped (the starter's label bookkeeping on the Java side, which skips the native calls then; the
 * agent's and starter's classes), which the label scope benchmarks measure.
 * <p>
 * Usage (see BENCHMARKS.md): {@code OverheadBenchmark --app <demo jar> --agent <agent jar> [--rounds 5]
 * [--warmup 15] [--measure 30] [--busy 1,2,4] [--workload mix] [--iterations 1000000] [--call-delay-ms 20]
 * [--rate <req/s>] [--save-profiles <dir>] [--modes off,starter,agent,starter_no_labels] [--interval 10ms]
 * [--toggle true --pairs 6]}.
 * <p>
 * This class runs the demos and the load; {@link OverheadFigures} holds what is measured and its arithmetic,
 * {@link OverheadReport} prints the tables, {@link ProcessProbes} reads a demo's CPU and memory from outside and
 * {@link BenchmarkStub} stands in for Pyroscope and the pricing service.
 */
public final class OverheadBenchmark {

	private static final List<String> RIDES = List.of("/bike", "/scooter", "/car");

	private static final List<String> NO_DYNAMIC_LABELS = List.of("--pyroscope.dynamic-labels.annotation.enabled=false",
			"--pyroscope.dynamic-labels.propagation.enabled=false", "--pyroscope.web.enabled=false");

	/** A running demo. */
	record Child(Process process, int port, Path log) {
	}

	private final Path app;

	private final Path agent;

	private final int warmupSeconds;

	private final int measureSeconds;

	private final String workload;

	private final long iterations;

	private final int callDelayMillis;

	private final BenchmarkStub stub;

	private final Path saveProfiles;

	/**
	 * Whether wall-clock sampling beside CPU is switched on and off instead of the profiler (the starter's on-demand
	 * profiling through its actuator endpoint): the profiler runs throughout.
	 */
	private final boolean toggleWall;

	/** The wall-clock interval switched on with {@code --toggle wall}. */
	private final String wallInterval;

	/** Further arguments to the demo, such as {@code --rideshare.idle-threads.platform=500}. */
	private final List<String> appArguments;

	/** Sampling interval of the starter and the agent: 10ms (100 Hz); shorter to check that the method sees more. */
	private final String interval;

	/** The modes run, in the order of the first round; the first sets the rates, so it is profiling off. */
	private final List<Mode> modes;

	/** Open loop before each measured window, so that the process reaches the rate's steady state. */
	private static final int SETTLE_SECONDS = 3;

	/** Requests per second given with {@code --rate}, or NaN: from {@code --busy}. */
	private double fixedRate;

	/** Latency of one request alone with profiling off, in seconds; measured in the first run. */
	private double latencyAlone = Double.NaN;

	/** The starter's uploads of the last window they were kept for. */
	private List<byte[]> lastKept = List.of();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final boolean nmt;

	/** Whether the profiler is switched off and on inside each JVM (the starter's and the agent's modes only). */
	private final boolean toggle;

	/** Pairs of windows, profiler stopped and running, per JVM when toggling. */
	private final int pairs;

	private @Nullable Path toggleJar;

	private OverheadBenchmark(Map<String, String> options) {
		this.app = Path.of(required(options, "app"));
		this.agent = Path.of(required(options, "agent"));
		this.warmupSeconds = Integer.parseInt(options.getOrDefault("warmup", "15"));
		this.measureSeconds = Integer.parseInt(options.getOrDefault("measure", "30"));
		if (this.measureSeconds % 10 != 0) {
			// A window then holds the same number of uploads (every 10 s) wherever it starts.
			throw new IllegalArgumentException("--measure is a multiple of 10 seconds, the upload interval");
		}
		this.workload = options.getOrDefault("workload", "mix");
		if (!this.workload.equals("mix") && !this.workload.equals("compute")) {
			throw new IllegalArgumentException("--workload is mix or compute");
		}
		this.iterations = Long.parseLong(options.getOrDefault("iterations", "1000000"));
		this.callDelayMillis = Integer.parseInt(options.getOrDefault("call-delay-ms", "20"));
		this.stub = new BenchmarkStub(this.callDelayMillis);
		this.interval = options.getOrDefault("interval", "10ms");
		this.nmt = Boolean.parseBoolean(options.getOrDefault("nmt", "false"));
		this.toggleWall = "wall".equals(options.get("toggle"));
		this.toggle = this.toggleWall || Boolean.parseBoolean(options.getOrDefault("toggle", "false"));
		this.wallInterval = options.getOrDefault("wall-interval", "20ms");
		this.appArguments = options.containsKey("app-args") ? List.of(options.get("app-args").trim().split("\\s+"))
				: List.of();
		this.pairs = Integer.parseInt(options.getOrDefault("pairs", "6"));
		this.saveProfiles = options.containsKey("save-profiles") ? Path.of(options.get("save-profiles")) : null;
		this.modes = Arrays.stream(options.getOrDefault("modes", "off,starter,agent,starter_no_labels").split(","))
			.map((name) -> Mode.valueOf(name.trim().toUpperCase(Locale.ROOT)))
			.toList();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		OverheadBenchmark benchmark = new OverheadBenchmark(options);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
		List<Integer> busy = Arrays.stream(options.getOrDefault("busy", "1").split(",")).map(Integer::valueOf).toList();
		String rate = options.get("rate");
		double fixedRate = (rate != null) ? Double.parseDouble(rate) : Double.NaN;
		if (benchmark.toggle) {
			benchmark.runToggled(rounds, busy, fixedRate);
		}
		else {
			benchmark.run(rounds, busy, fixedRate);
		}
	}

	private void run(int rounds, List<Integer> busySettings, double fixedRate) throws Exception {
		this.stub.start();
		try {
			printSetting("");
			this.fixedRate = fixedRate;
			Map<Integer, Map<Mode, List<Result>>> results = new LinkedHashMap<>();
			for (int busy : busySettings) {
				Map<Mode, List<Result>> byMode = new LinkedHashMap<>();
				for (Mode mode : this.modes) {
					byMode.put(mode, new ArrayList<>());
				}
				results.put(busy, byMode);
			}
			Mode[] order = this.modes.toArray(Mode[]::new);
			for (int round = 1; round <= rounds; round++) {
				for (int i = 0; i < order.length; i++) {
					// Rotate the order every round, so that no mode always runs first (or last) on a warming machine.
					// Round 1 starts with profiling off, which sets the rates.
					Mode mode = order[(i + round - 1) % order.length];
					boolean keep = this.saveProfiles != null && round == rounds && mode == Mode.STARTER;
					List<Result> measured = measure(mode, busySettings, keep);
					for (int b = 0; b < busySettings.size(); b++) {
						Result result = measured.get(b);
						results.get(busySettings.get(b)).get(mode).add(result);
						System.out.printf(Locale.ROOT, "round %d busy %d %-17s cpu %6.3f ms/req (JIT %5.3f)  %6.1f req/s  p50 %6.1f ms  "
								+ "p99 %7.1f ms  heap %5.1f MB  rss %5.1f MB  upload %5.1f KB/min  startup %.2f s%n", round,
								busySettings.get(b), mode, result.cpuMsPerRequest(), result.jitMsPerRequest(),
								result.completedPerSecond(),
								result.p50Millis(), result.p99Millis(), result.heapMb(), result.rssMb(),
								result.uploadKbPerMin(), result.startupSeconds());
					}
					if (keep) {
						saveUploads();
					}
				}
			}
			System.out.println("load average at end: " + ProcessProbes.loadAverage());
			for (int busy : busySettings) {
				OverheadReport.report(busy, rate(busy), rounds, this.warmupSeconds, this.measureSeconds,
						results.get(busy));
			}
			if (this.nmt) {
				// The footprint is read once per run, after every busy setting: the first setting's results hold it.
				OverheadReport.reportNmt(results.get(busySettings.get(0)));
			}
		}
		finally {
			this.stub.stop();
		}
	}

	private void runToggled(int rounds, List<Integer> busySettings, double fixedRate) throws Exception {
		List<Mode> toggled = this.modes.stream().filter((mode) -> mode != Mode.OFF).toList();
		this.stub.start();
		try {
			printSetting(", profiler switched off and on in each JVM, " + this.pairs + " pairs of windows");
			this.fixedRate = fixedRate;
			Map<Integer, Map<Mode, List<Toggled>>> results = new LinkedHashMap<>();
			for (int busy : busySettings) {
				Map<Mode, List<Toggled>> byMode = new LinkedHashMap<>();
				toggled.forEach((mode) -> byMode.put(mode, new ArrayList<>()));
				results.put(busy, byMode);
			}
			for (int round = 1; round <= rounds; round++) {
				for (int i = 0; i < toggled.size(); i++) {
					Mode mode = toggled.get((i + round - 1) % toggled.size());
					List<Toggled> measured = measureToggled(mode, round, busySettings);
					for (int b = 0; b < busySettings.size(); b++) {
						Toggled jvm = measured.get(b);
						results.get(busySettings.get(b)).get(mode).add(jvm);
						double[] ratios = jvm.ratios(Window::cpuMsPerRequest);
						System.out.printf(Locale.ROOT, "round %d busy %d %-17s on/off %.4f (quartiles %.4f-%.4f, without JIT %.4f, "
								+ "application threads %.4f)  on %.3f ms/req  off %.3f ms/req  profiling threads on %.3f off %.3f "
								+ "ms/req  upload on %.1f off %.1f KB/min  load %s%n", round, busySettings.get(b), mode, Quantiles.median(ratios),
								Quantiles.quantile(Quantiles.sorted(ratios), 0.25), Quantiles.quantile(Quantiles.sorted(ratios), 0.75),
								Quantiles.median(jvm.ratios(Window::withoutJitMsPerRequest)),
								Quantiles.median(jvm.ratios(Window::applicationMsPerRequest)),
								Quantiles.median(OverheadFigures.figures(jvm.on(), Window::cpuMsPerRequest)),
								Quantiles.median(OverheadFigures.figures(jvm.off(), Window::cpuMsPerRequest)),
								Quantiles.median(OverheadFigures.figures(jvm.on(), Window::profilingMsPerRequest)),
								Quantiles.median(OverheadFigures.figures(jvm.off(), Window::profilingMsPerRequest)),
								Quantiles.median(OverheadFigures.figures(jvm.on(),
										(w) -> w.uploadedBytes() / 1024.0 * 60 / this.measureSeconds)),
								Quantiles.median(OverheadFigures.figures(jvm.off(),
										(w) -> w.uploadedBytes() / 1024.0 * 60 / this.measureSeconds)),
								ProcessProbes.loadAverage());
					}
				}
			}
			System.out.println("load average at end: " + ProcessProbes.loadAverage());
			for (int busy : busySettings) {
				OverheadReport.reportToggled(busy, rate(busy), this.warmupSeconds, this.pairs, this.measureSeconds,
						results.get(busy));
			}
		}
		finally {
			this.stub.stop();
		}
	}

	/**
	 * One JVM switched off and on: warmed up half with the profiler running and half stopped, then pairs of windows
	 * in alternating order (off-on, on-off, ...), one window per busy setting each time.
	 */
	private List<Toggled> measureToggled(Mode mode, int round, List<Integer> busySettings) throws Exception {
		Child child = start(mode);
		try {
			closedLoop(child.port(), 4, (this.warmupSeconds + 1) / 2);
			switchProfiler(child, mode, false);
			closedLoop(child.port(), 4, this.warmupSeconds / 2);
			if (Double.isNaN(this.fixedRate) && Double.isNaN(this.latencyAlone)) {
				calibrate(child);
			}
			List<List<Window>> on = new ArrayList<>();
			List<List<Window>> off = new ArrayList<>();
			for (int b = 0; b < busySettings.size(); b++) {
				on.add(new ArrayList<>());
				off.add(new ArrayList<>());
			}
			boolean running = false;
			for (int pair = 0; pair < this.pairs; pair++) {
				boolean onFirst = pair % 2 == 1;
				for (int half = 0; half < 2; half++) {
					boolean profiled = (half == 0) == onFirst;
					if (profiled != running) {
						switchProfiler(child, mode, profiled);
						running = profiled;
					}
					for (int b = 0; b < busySettings.size(); b++) {
						(profiled ? on : off).get(b).add(openLoop(child, mode, busySettings.get(b), false));
					}
				}
			}
			List<Toggled> results = new ArrayList<>();
			for (int b = 0; b < busySettings.size(); b++) {
				results.add(new Toggled(mode, round, on.get(b), off.get(b)));
			}
			return results;
		}
		finally {
			stop(child);
		}
	}

	/** Stops or starts the profiler of a running demo, and checks that it did. */
	private void switchProfiler(Child child, Mode mode, boolean on) throws Exception {
		String action = on ? "start" : "stop";
		if (mode == Mode.AGENT) {
			if (this.toggleJar == null) {
				this.toggleJar = AgentToggle.jar();
			}
			VirtualMachine vm = VirtualMachine.attach(Long.toString(child.process().pid()));
			try {
				vm.loadAgent(this.toggleJar.toString(), action);
			}
			finally {
				vm.detach();
			}
			return;
		}
		String body = "{\"action\":\"" + action + "\"}";
		if (this.toggleWall) {
			action = on ? "more" : "revert";
			body = on ? "{\"action\":\"more\",\"wallClock\":\"" + this.wallInterval + "\",\"duration\":\"24h\"}"
					: "{\"action\":\"revert\"}";
		}
		HttpResponse<String> response = this.client.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + child.port() + "/actuator/pyroscope"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		String expected = "\"state\":\"" + ((on || this.toggleWall) ? "running" : "stopped") + "\"";
		boolean wallAsked = !this.toggleWall || (response.body().contains("\"onDemand\"") == on);
		if (response.statusCode() != 200 || !response.body().contains(expected) || !wallAsked) {
			throw new IllegalStateException("the starter did not " + action + ": " + response.statusCode() + " "
					+ response.body());
		}
	}

	private void printSetting(String more) throws IOException {
		System.out.printf(Locale.ROOT, "JDK %s, %d cores, workload %s, %,d steps per unit of radius%s, sampling every %s%s%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), this.workload,
				this.iterations, this.workload.equals("mix") ? ", pricing call " + this.callDelayMillis + " ms" : "",
				this.interval, more);
		System.out.println("load average at start: " + ProcessProbes.loadAverage());
	}

	private double rate(int busy) {
		return Double.isNaN(this.fixedRate) ? busy / this.latencyAlone : this.fixedRate;
	}

	/** Mean latency of one request at a time: the rate that keeps one request in flight on average. */
	private void calibrate(Child child) throws Exception {
		long started = System.nanoTime();
		int count = closedLoop(child.port(), 1, 10);
		this.latencyAlone = (System.nanoTime() - started) / 1e9 / count;
		System.out.printf(Locale.ROOT, "calibration: %.2f ms per request alone, profiling off%n", this.latencyAlone * 1000);
	}

	/** Closed loop: each client sends the next ride when the last one answered. Returns the rides answered. */
	private int closedLoop(int port, int clients, int seconds) throws Exception {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int offset = c;
				futures.add(pool.submit(() -> {
					int count = 0;
					while (System.nanoTime() < end) {
						HttpResponse<Void> response = this.client.send(ride(port, offset + count),
								HttpResponse.BodyHandlers.discarding());
						check(response.statusCode());
						count++;
					}
					return count;
				}));
			}
			int total = 0;
			for (Future<Integer> future : futures) {
				total += future.get();
			}
			return total;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * One run of the demo: start, warm up with a closed loop (so that the JIT is done before anything is measured),
	 * then one measured open-loop window per busy setting.
	 */
	private List<Result> measure(Mode mode, List<Integer> busySettings, boolean keepUploads) throws Exception {
		Child child = start(mode);
		try {
			long pid = child.process().pid();
			double startup = ProcessProbes.startupSeconds(child.log());
			closedLoop(child.port(), 4, this.warmupSeconds);
			if (Double.isNaN(this.fixedRate) && Double.isNaN(this.latencyAlone)) {
				if (mode != Mode.OFF) {
					throw new IllegalStateException("the rates are set with profiling off");
				}
				calibrate(child);
			}
			List<Window> windows = new ArrayList<>();
			for (int busy : busySettings) {
				windows.add(openLoop(child, mode, busy, keepUploads && busy == busySettings.get(0)));
			}
			double heap = ProcessProbes.heapUsedMb(pid);
			Map<String, Double> nmtMb = this.nmt ? ProcessProbes.nativeMemory(pid) : Map.of();
			double rss = ProcessProbes.rssMb(pid);
			if (this.nmt) {
				nmtMb.put("unseen", rss - nmtMb.getOrDefault("Total", Double.NaN));
			}
			List<Result> results = new ArrayList<>();
			for (Window window : windows) {
				long[] latencies = window.latencies();
				Arrays.sort(latencies);
				results.add(new Result(mode, window.cpuNanos() / 1e6 / window.completed(),
						window.jitNanos() / 1e6 / window.completed(),
						(double) window.completed() / this.measureSeconds, OverheadFigures.percentile(latencies, 0.50),
						OverheadFigures.percentile(latencies, 0.99), heap, rss, window.uploadedBytes() / 1024.0 / this.measureSeconds * 60,
						startup, nmtMb));
			}
			return results;
		}
		finally {
			stop(child);
		}
	}

	private Child start(Mode mode) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xms256m");
		command.add("-Xmx256m");
		command.add("-XX:-UseDynamicNumberOfCompilerThreads");
		if (this.nmt) {
			command.add("-XX:+AlwaysPreTouch");
			command.add("-XX:NativeMemoryTracking=summary");
		}
		if (mode == Mode.AGENT) {
			command.add("-javaagent:" + this.agent);
			if (this.toggle) {
				// AgentToggle is loaded through the attach API; this keeps the JDK's warning about it quiet.
				command.add("-XX:+EnableDynamicAgentLoading");
			}
		}
		String stubAddress = "http://127.0.0.1:" + this.stub.port();
		// When toggling, the starter is stopped and started through its actuator endpoint.
		boolean starterToggled = this.toggle && mode != Mode.AGENT;
		String exposure = starterToggled ? "health,pyroscope" : "health";
		command.addAll(List.of("-jar", this.app.toString(), "--server.port=" + port,
				"--rideshare.load-generator.enabled=false", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=" + exposure, "--management.tracing.sampling.probability=0.0",
				"--rideshare.fixed-work.iterations=" + this.iterations,
				"--rideshare.fixed-work.compute-only=" + this.workload.equals("compute"),
				"--rideshare.pricing.base-url=" + stubAddress,
				"--pyroscope.enabled=" + (mode == Mode.STARTER || mode == Mode.STARTER_NO_LABELS)));
		if (mode == Mode.STARTER_NO_LABELS) {
			command.addAll(NO_DYNAMIC_LABELS);
		}
		if (starterToggled) {
			command.add("--management.endpoint.pyroscope.access=unrestricted");
			command.add("--pyroscope.profiler.on-demand.max-duration=24h");
		}
		command.addAll(this.appArguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Path log = Files.createTempFile("overhead-" + mode, ".log");
		builder.redirectOutput(log.toFile());
		builder.environment().put("PYROSCOPE_SERVER_ADDRESS", stubAddress);
		builder.environment().put("PYROSCOPE_APPLICATION_NAME", "rideshare-" + mode.name().toLowerCase(Locale.ROOT));
		builder.environment().put("PYROSCOPE_PROFILING_INTERVAL", this.interval);
		Process process = builder.start();
		Child child = new Child(process, port, log);
		try {
			awaitReady(child);
		}
		catch (Exception ex) {
			stop(child);
			throw ex;
		}
		return child;
	}

	private static void stop(Child child) throws InterruptedException {
		child.process().destroy();
		if (!child.process().waitFor(30, TimeUnit.SECONDS)) {
			child.process().destroyForcibly();
		}
	}

	/**
	 * Open loop: a request every 1/rate seconds on a fixed schedule, answered or not, for the warm-up and then the
	 * measured window. The child's CPU time is read when the window opens and closes; latencies count from the time
	 * a request was due, so a stall is not hidden by sending later.
	 */
	private Window openLoop(Child child, double rate, boolean keepUploads) throws Exception {
		long pid = child.process().pid();
		int port = child.port();
		long period = (long) (1e9 / rate);
		long start = System.nanoTime();
		long windowStart = start + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
		long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(this.measureSeconds);
		AtomicLong completedInWindow = new AtomicLong();
		AtomicInteger failures = new AtomicInteger();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		long cpuAtStart = -1;
		Map<String, ProcessProbes.ThreadCpu> threadsAtStart = Map.of();
		int late = 0;
		boolean windowOpen = false;
		for (long i = 0;; i++) {
			long due = start + i * period;
			if (!windowOpen && due >= windowStart) {
				awaitTime(windowStart);
				cpuAtStart = ProcessProbes.cpuNanos(pid);
				threadsAtStart = ProcessProbes.threadCpu(pid);
				this.stub.openWindow(keepUploads);
				windowOpen = true;
			}
			if (due >= windowEnd) {
				break;
			}
			awaitTime(due);
			if (System.nanoTime() - due > period && windowOpen) {
				late++;
			}
			this.client.sendAsync(ride(port, (int) i), HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					long now = System.nanoTime();
					if (failure != null || response.statusCode() != 200) {
						failures.incrementAndGet();
						return;
					}
					if (now >= windowStart && now < windowEnd) {
						completedInWindow.incrementAndGet();
						latencies.add(now - due);
					}
				});
		}
		awaitTime(windowEnd);
		long cpu = ProcessProbes.cpuNanos(pid) - cpuAtStart;
		Map<String, ProcessProbes.ThreadCpu> threadsAtEnd = ProcessProbes.threadCpu(pid);
		long jit = ProcessProbes.cpuBetween(threadsAtStart, threadsAtEnd, ProcessProbes::jit);
		long profiling = ProcessProbes.cpuBetween(threadsAtStart, threadsAtEnd, ProcessProbes::profiling);
		long completed = completedInWindow.get();
		List<byte[]> kept = this.stub.takeKeptUploads();
		if (kept != null) {
			this.lastKept = kept;
		}
		if (failures.get() > 0) {
			// Reported, not thrown: one failed ride should not lose a run of many minutes.
			System.out.printf(Locale.ROOT, "  %d rides failed or were refused%n", failures.get());
		}
		long uploaded = this.stub.ingestedBytes();
		// Let the requests still in flight finish, so that the next window starts from a quiet process.
		awaitTime(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
		return new Window(completed, cpu, jit, profiling, latencies.stream().mapToLong(Long::longValue).toArray(), late,
				uploaded);
	}

	/** One window at a busy setting's rate, saying so when the machine could not keep the rate. */
	private Window openLoop(Child child, Mode mode, int busy, boolean keepUploads) throws Exception {
		Window window = openLoop(child, rate(busy), keepUploads);
		if (window.late() > 0) {
			System.out.printf(Locale.ROOT, "  %s busy %d: %d requests sent late: the machine could not keep the rate%n",
					mode, busy, window.late());
		}
		return window;
	}

	private static void awaitTime(long nanoTime) {
		long wait;
		while ((wait = nanoTime - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	private static HttpRequest ride(int port, int i) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + RIDES.get(i % RIDES.size())))
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	private static void check(int status) {
		if (status != 200) {
			throw new IllegalStateException("ride answered " + status);
		}
	}

	private void awaitReady(Child child) throws Exception {
		int port = child.port();
		Process process = child.process();
		Path log = child.log();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("application exited; log: " + Files.readString(log));
			}
			try {
				HttpResponse<String> response = this.client.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 || response.statusCode() == 503) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("application not ready within 120 s; log: " + Files.readString(log));
	}

	private void saveUploads() throws IOException {
		Files.createDirectories(this.saveProfiles);
		int n = 0;
		for (byte[] jfr : this.lastKept) {
			Files.write(this.saveProfiles.resolve("starter-upload" + (++n) + ".jfr"), jfr);
		}
		System.out.printf(Locale.ROOT, "  saved %d uploads of the starter to %s%n", n, this.saveProfiles);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required; see BENCHMARKS.md");
		}
		return value;
	}

}

package dev.pyroscopestarter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Load benchmark of the rideshare demo in three modes, in interleaved rounds on this machine: profiling off, the
 * starter at 100 Hz with dynamic and route labels, and the official Pyroscope agent started by hand with
 * {@code -javaagent}. Uploads go to a stub ingest server here, which counts their bytes. Prints throughput, p99
 * latency, footprint and startup figures per mode, and their ratios to the other modes of the same run.
 * <p>
 * Usage (see BENCHMARKS.md): {@code OverheadBenchmark --app <demo jar> --agent <agent jar> [--rounds 3]
 * [--warmup 10] [--measure 20] [--clients 4] [--nmt true]}.
 * <p>
 * With {@code --nmt true} the heap is pre-touched ({@code -XX:+AlwaysPreTouch}, so that RSS does not depend on
 * which young-generation pages extra allocation happened to touch) and Native Memory Tracking is on: after the load
 * each mode's memory is reported by NMT category (committed), with the classes loaded and what NMT does not see
 * (RSS minus NMT's committed total: native libraries' own allocations, such as the native profiler's, and mapped
 * files).
 */
public final class OverheadBenchmark {

	private static final List<String> RIDES = List.of("/bike", "/scooter", "/car");

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	enum Mode {

		DISABLED("profiling off"), STARTER("starter, 100 Hz, dynamic + route labels"), AGENT("agent by hand (-javaagent)");

		final String description;

		Mode(String description) {
			this.description = description;
		}

	}

	record Result(Mode mode, double throughput, double p99Millis, double heapMb, double rssMb, double uploadKbPerMin,
			double startupSeconds, Map<String, Double> nmtMb) {
	}

	/** NMT categories reported, in this order; "classes" is a count, "unseen" is RSS minus NMT's total. */
	private static final List<String> NMT_CATEGORIES = List.of("Total", "Total less Arena Chunk", "Java Heap", "Class", "Metaspace", "Thread",
			"Code", "GC", "Compiler", "Internal", "Other", "Symbol", "Native Memory Tracking", "Arena Chunk",
			"Shared class space", "Module", "Synchronizer", "Serviceability", "Class: metadata", "Class: class space",
			"classes", "threads", "unseen");

	private static final Pattern NMT_LINE = Pattern.compile("^-?\\s*([A-Za-z ]+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

	private static final Pattern NMT_TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

	private static final Pattern NMT_CLASSES = Pattern.compile("\\(classes #(\\d+)\\)");

	private static final Pattern NMT_COMMITTED = Pattern.compile("reserved=(\\d+)KB, committed=(\\d+)KB");

	private static final Pattern NMT_THREADS = Pattern.compile("\\(thread #(\\d+)\\)");

	private final Path app;

	private final Path agent;

	private final int warmupSeconds;

	private final int measureSeconds;

	private final int clients;

	private final boolean nmt;

	private final AtomicLong ingestedBytes = new AtomicLong();

	private HttpServer ingest;

	private OverheadBenchmark(Path app, Path agent, int warmupSeconds, int measureSeconds, int clients, boolean nmt) {
		this.nmt = nmt;
		this.app = app;
		this.agent = agent;
		this.warmupSeconds = warmupSeconds;
		this.measureSeconds = measureSeconds;
		this.clients = clients;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Path app = Path.of(required(options, "app"));
		Path agent = Path.of(required(options, "agent"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		OverheadBenchmark benchmark = new OverheadBenchmark(app, agent,
				Integer.parseInt(options.getOrDefault("warmup", "10")),
				Integer.parseInt(options.getOrDefault("measure", "20")),
				Integer.parseInt(options.getOrDefault("clients", "4")),
				Boolean.parseBoolean(options.getOrDefault("nmt", "false")));
		benchmark.run(rounds);
	}

	private void run(int rounds) throws Exception {
		startIngest();
		try {
			Map<Mode, List<Result>> results = new LinkedHashMap<>();
			for (Mode mode : Mode.values()) {
				results.put(mode, new ArrayList<>());
			}
			Mode[] order = Mode.values();
			for (int round = 1; round <= rounds; round++) {
				for (int i = 0; i < order.length; i++) {
					// Rotate the order every round, so that no mode always runs first (or last) on a warming machine.
					Mode mode = order[(i + round - 1) % order.length];
					Result result = measure(mode);
					results.get(mode).add(result);
					System.out.printf(Locale.ROOT, "round %d %-8s %8.1f req/s  p99 %7.1f ms  heap %6.1f MB  rss %6.1f MB  "
							+ "upload %6.1f KB/min  startup %.2f s%n", round, mode, result.throughput(), result.p99Millis(),
							result.heapMb(), result.rssMb(), result.uploadKbPerMin(), result.startupSeconds());
				}
			}
			report(results);
			if (this.nmt) {
				reportNmt(results);
			}
		}
		finally {
			this.ingest.stop(0);
		}
	}

	private Result measure(Mode mode) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xms256m");
		command.add("-Xmx256m");
		if (this.nmt) {
			command.add("-XX:+AlwaysPreTouch");
			command.add("-XX:NativeMemoryTracking=summary");
		}
		if (mode == Mode.AGENT) {
			command.add("-javaagent:" + this.agent);
		}
		command.addAll(List.of("-jar", this.app.toString(), "--server.port=" + port,
				"--rideshare.load-generator.enabled=false", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=health", "--management.tracing.sampling.probability=0.0",
				"--pyroscope.enabled=" + (mode == Mode.STARTER)));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Path log = Files.createTempFile("overhead-" + mode, ".log");
		builder.redirectOutput(log.toFile());
		String ingestAddress = "http://127.0.0.1:" + this.ingest.getAddress().getPort();
		builder.environment().put("PYROSCOPE_SERVER_ADDRESS", ingestAddress);
		builder.environment().put("PYROSCOPE_APPLICATION_NAME", "rideshare-" + mode.name().toLowerCase(Locale.ROOT));
		builder.environment().put("PYROSCOPE_PROFILING_INTERVAL", "10ms");
		Process process = builder.start();
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			awaitReady(client, port, process, log);
			double startup = startupSeconds(log);
			load(client, port, this.warmupSeconds);
			this.ingestedBytes.set(0);
			long[] latencies = load(client, port, this.measureSeconds);
			double uploadKbPerMin = this.ingestedBytes.get() / 1024.0 / this.measureSeconds * 60;
			double throughput = (double) latencies.length / this.measureSeconds;
			Arrays.sort(latencies);
			double p99 = latencies[(int) Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] / 1e6;
			double heap = heapUsedMb(process.pid());
			Map<String, Double> nmtMb = this.nmt ? nativeMemory(process.pid()) : Map.of();
			double rss = rssMb(process.pid());
			if (this.nmt) {
				nmtMb.put("unseen", rss - nmtMb.getOrDefault("Total", Double.NaN));
				// The JIT's arenas come and go with compilations: tens of MB either way from one moment to the next.
				nmtMb.put("Total less Arena Chunk", nmtMb.getOrDefault("Total", Double.NaN)
						- nmtMb.getOrDefault("Arena Chunk", 0.0));
			}
			return new Result(mode, throughput, p99, heap, rss, uploadKbPerMin, startup, nmtMb);
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	/** Closed loop: each client orders the next ride as soon as the last one answered. Latencies in nanoseconds. */
	private long[] load(HttpClient client, int port, int seconds) throws Exception {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		ExecutorService pool = Executors.newFixedThreadPool(this.clients);
		try {
			List<Future<long[]>> futures = new ArrayList<>();
			for (int c = 0; c < this.clients; c++) {
				int offset = c;
				futures.add(pool.submit(() -> {
					long[] latencies = new long[1024];
					int count = 0;
					for (int i = offset; System.nanoTime() < end; i++) {
						HttpRequest request = HttpRequest
							.newBuilder(URI.create("http://127.0.0.1:" + port + RIDES.get(i % RIDES.size())))
							.timeout(Duration.ofSeconds(10))
							.build();
						long started = System.nanoTime();
						HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
						long took = System.nanoTime() - started;
						if (response.statusCode() != 200) {
							throw new IllegalStateException("ride answered " + response.statusCode());
						}
						if (count == latencies.length) {
							latencies = Arrays.copyOf(latencies, count * 2);
						}
						latencies[count++] = took;
					}
					return Arrays.copyOf(latencies, count);
				}));
			}
			List<long[]> all = new ArrayList<>();
			for (Future<long[]> future : futures) {
				all.add(future.get());
			}
			return all.stream().flatMapToLong(Arrays::stream).toArray();
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void awaitReady(HttpClient client, int port, Process process, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("application exited; log: " + Files.readString(log));
			}
			try {
				HttpResponse<String> response = client.send(HttpRequest
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

	private static double startupSeconds(Path log) throws IOException {
		Matcher matcher = STARTED.matcher(Files.readString(log));
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
	}

	/** Heap in use after a full collection, as {@code jcmd} reports it. */
	private static double heapUsedMb(long pid) throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		run(jcmd, Long.toString(pid), "GC.run");
		String info = run(jcmd, Long.toString(pid), "GC.heap_info");
		Matcher matcher = Pattern.compile("used (\\d+)K").matcher(info);
		return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024.0 : Double.NaN;
	}

	/** NMT's committed memory by category, in MB, and the classes loaded (a count). */
	private static Map<String, Double> nativeMemory(long pid) throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		String summary = run(jcmd, Long.toString(pid), "VM.native_memory", "summary", "scale=KB");
		Map<String, Double> categories = new LinkedHashMap<>();
		// Metaspace's two parts are given on the line after their heading (JDK 17) or on it (later JDKs).
		String part = null;
		for (String line : summary.split("\n")) {
			String trimmed = line.trim();
			if (trimmed.contains("Metadata:") || trimmed.contains("Class space:")) {
				part = trimmed.contains("Metadata:") ? "Class: metadata" : "Class: class space";
			}
			Matcher committed = NMT_COMMITTED.matcher(trimmed);
			if (part != null && committed.find() && !categories.containsKey(part)) {
				categories.put(part, Long.parseLong(committed.group(2)) / 1024.0);
				part = null;
				continue;
			}
			Matcher threads = NMT_THREADS.matcher(trimmed);
			if (threads.find() && !categories.containsKey("threads")) {
				categories.put("threads", Double.parseDouble(threads.group(1)));
			}
			Matcher total = NMT_TOTAL.matcher(trimmed);
			if (total.find()) {
				categories.put("Total", Long.parseLong(total.group(2)) / 1024.0);
				continue;
			}
			Matcher category = NMT_LINE.matcher(trimmed);
			if (category.find()) {
				categories.put(category.group(1).trim(), Long.parseLong(category.group(3)) / 1024.0);
			}
			Matcher classes = NMT_CLASSES.matcher(trimmed);
			if (classes.find() && !categories.containsKey("classes")) {
				categories.put("classes", Double.parseDouble(classes.group(1)));
			}
		}
		return categories;
	}

	private static void reportNmt(Map<Mode, List<Result>> results) {
		System.out.println();
		System.out.println("NMT, committed MB (medians over the rounds; classes, threads: counts; unseen: RSS minus NMT's total)");
		System.out.println("| Category | off | starter | agent by hand | starter - off | agent - off | starter - agent |");
		System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
		for (String category : NMT_CATEGORIES) {
			double off = nmtMedian(results.get(Mode.DISABLED), category);
			double starter = nmtMedian(results.get(Mode.STARTER), category);
			double agent = nmtMedian(results.get(Mode.AGENT), category);
			if (Double.isNaN(off) && Double.isNaN(starter) && Double.isNaN(agent)) {
				continue;
			}
			System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %+.1f | %+.1f | %+.1f |%n", category, off, starter,
					agent, starter - off, agent - off, starter - agent);
		}
		for (Mode mode : Mode.values()) {
			for (Result run : results.get(mode)) {
				System.out.printf(Locale.ROOT, "%s run: RSS %.1f MB, NMT %s%n", mode, run.rssMb(), run.nmtMb());
			}
		}
	}

	private static double nmtMedian(List<Result> runs, String category) {
		double[] values = runs.stream()
			.mapToDouble((run) -> run.nmtMb().getOrDefault(category, Double.NaN))
			.filter((value) -> !Double.isNaN(value))
			.sorted()
			.toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static double rssMb(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
			}
		}
		return Double.NaN;
	}

	private static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

	private void startIngest() throws IOException {
		this.ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.ingest.createContext("/ingest", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				this.ingestedBytes.addAndGet(body.transferTo(java.io.OutputStream.nullOutputStream()));
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.ingest.start();
	}

	private static void report(Map<Mode, List<Result>> results) {
		Map<Mode, Result> median = new LinkedHashMap<>();
		results.forEach((mode, runs) -> median.put(mode, medianOf(mode, runs)));
		Result off = median.get(Mode.DISABLED);
		Result starter = median.get(Mode.STARTER);
		Result agent = median.get(Mode.AGENT);
		System.out.println();
		System.out.println("| Mode | Throughput (req/s) | p99 (ms) | Heap after GC (MB) | RSS (MB) | Upload (KB/min) | Startup (s) |");
		System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
		median.values().forEach((r) -> System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f |%n",
				r.mode().description, r.throughput(), r.p99Millis(), r.heapMb(), r.rssMb(), r.uploadKbPerMin(),
				r.startupSeconds()));
		System.out.println();
		System.out.printf(Locale.ROOT, "throughput starter/off %.3f   agent/off %.3f   starter/agent %.3f%n",
				starter.throughput() / off.throughput(), agent.throughput() / off.throughput(),
				starter.throughput() / agent.throughput());
		System.out.printf(Locale.ROOT, "p99        starter/off %.3f   agent/off %.3f   starter/agent %.3f%n",
				starter.p99Millis() / off.p99Millis(), agent.p99Millis() / off.p99Millis(),
				starter.p99Millis() / agent.p99Millis());
		System.out.printf(Locale.ROOT, "footprint  starter-off heap %+.1f MB, RSS %+.1f MB; upload %.1f KB/min; startup %+.0f ms%n",
				starter.heapMb() - off.heapMb(), starter.rssMb() - off.rssMb(), starter.uploadKbPerMin(),
				(starter.startupSeconds() - off.startupSeconds()) * 1000);
	}

	private static Result medianOf(Mode mode, List<Result> runs) {
		return new Result(mode, median(runs, Result::throughput), median(runs, Result::p99Millis),
				median(runs, Result::heapMb), median(runs, Result::rssMb), median(runs, Result::uploadKbPerMin),
				median(runs, Result::startupSeconds), Map.of());
	}

	private static double median(List<Result> runs, java.util.function.ToDoubleFunction<Result> figure) {
		double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
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

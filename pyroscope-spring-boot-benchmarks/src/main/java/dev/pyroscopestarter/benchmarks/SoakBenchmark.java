package dev.pyroscopestarter.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A long run of the rideshare demo uploading to a stand-in Pyroscope server that goes through the ways a server
 * fails, to show that the application keeps serving, stays in service and holds bounded memory, and that every
 * profiling window is accounted for.
 * <p>
 * The stand-in listens on loopback and cycles through phases of equal length: {@code healthy} (200),
 * {@code 503}, {@code hanging} (accepts and reads the request, never answers), {@code down} (the port closed:
 * connection refused) and {@code slow} (200 after a delay shorter than the upload timeout). The demo runs as a
 * child JVM with a pre-touched heap and Native Memory Tracking, its own load generator off; this harness sends it
 * rides at a fixed rate (open loop) and counts every answer that is not a 200. Each minute it runs a full GC in the
 * demo and samples its RSS, its heap after that GC, NMT's committed total, {@code /actuator/health}'s HTTP status
 * and the upload figures of {@code /actuator/pyroscope}. At the end it checks that every window handed over was
 * uploaded, dropped with its reason or is still queued, and fits the RSS and heap samples after the warm-up with a
 * least-squares line (growth per hour).
 * <p>
 * Usage (see BENCHMARKS.md and {@code soak.sh}): {@code SoakBenchmark --app <demo jar> --out <dir> [--minutes 60]
 * [--warmup 10] [--phase 3m] [--rate 4] [--slow-delay 6s] [--port 18090] [--baseline true]}. With a baseline, the
 * same demo with the starter off runs beside it under the same rides, and its RSS is sampled and fitted the same
 * way; NMT's summary of the profiled demo is kept for each minute ({@code nmt/}).
 */
public final class SoakBenchmark {

	private static final List<String> PHASES = List.of("healthy", "503", "hanging", "down", "slow");

	private static final List<String> RIDES = List.of("/bike", "/scooter", "/car", "/reactive/car");

	private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K, used (\\d+)K");

	private static final Pattern NMT_COMMITTED = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");

	private SoakBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Path app = Path.of(required(options, "--app"));
		Path out = Path.of(required(options, "--out"));
		int minutes = Integer.parseInt(options.getOrDefault("--minutes", "60"));
		int warmup = Integer.parseInt(options.getOrDefault("--warmup", "10"));
		Duration phase = duration(options.getOrDefault("--phase", "3m"));
		double rate = Double.parseDouble(options.getOrDefault("--rate", "4"));
		Duration slowDelay = duration(options.getOrDefault("--slow-delay", "6s"));
		int standInPort = Integer.parseInt(options.getOrDefault("--port", "18090"));
		int appPort = standInPort + 1;
		boolean withBaseline = Boolean.parseBoolean(options.getOrDefault("--baseline", "true"));
		Files.createDirectories(out);
		PrintStream log = new PrintStream(Files.newOutputStream(out.resolve("soak.log")), true, StandardCharsets.UTF_8);
		StandIn standIn = new StandIn(standInPort, phase, slowDelay);
		standIn.start();
		Process demo = startDemo(app, standInPort, appPort, out.resolve("demo.log"), true);
		long pid = demo.pid();
		// The same application with the starter switched off, under the same rides: what the JVM and the
		// application's own memory do over the hour, measured beside it.
		Process baseline = withBaseline ? startDemo(app, standInPort, appPort + 1, out.resolve("baseline.log"), false)
				: null;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String base = "http://127.0.0.1:" + appPort;
		String baselineBase = "http://127.0.0.1:" + (appPort + 1);
		awaitStarted(http, base, demo, "/actuator/pyroscope");
		if (baseline != null) {
			awaitStarted(http, baselineBase, baseline, "/actuator/health");
		}
		Path nmtDirectory = Files.createDirectories(out.resolve("nmt"));
		Instant started = Instant.now();
		say(log, "soak started " + started + ": demo pid " + pid + ", stand-in on port " + standInPort + ", phases "
				+ PHASES + " of " + phase + " each, " + rate + " rides/s, " + minutes + " min, warm-up " + warmup + " min");
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
		ExecutorService requests = Executors.newFixedThreadPool(16);
		ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
		AtomicLong sent = new AtomicLong();
		schedule.scheduleAtFixedRate(() -> {
			String path = RIDES.get((int) (sent.getAndIncrement() % RIDES.size()));
			requests.submit(() -> ride(http, base + path, ok, failed, failures));
			if (baseline != null) {
				requests.submit(() -> ride(http, baselineBase + path, new AtomicLong(), new AtomicLong(),
						new ConcurrentHashMap<>()));
			}
		}, 0, (long) (1_000_000 / rate), TimeUnit.MICROSECONDS);
		List<Sample> samples = new ArrayList<>();
		try (BufferedWriter csv = Files.newBufferedWriter(out.resolve("soak.csv"))) {
			csv.write("minute,phase,rss_kb,heap_after_gc_kb,nmt_committed_kb,health_status,rides_ok,rides_failed,"
					+ "windows_received,uploaded,dropped,queue_depth,dropped_by_reason,standin_requests,standin_accepted,"
					+ "baseline_rss_kb\n");
			for (int minute = 1; minute <= minutes; minute++) {
				Instant next = started.plus(Duration.ofMinutes(minute));
				while (Instant.now().isBefore(next)) {
					if (!demo.isAlive()) {
						throw new IllegalStateException("the demo exited with " + demo.exitValue());
					}
					Thread.sleep(Math.min(1000, Math.max(1, Duration.between(Instant.now(), next).toMillis())));
				}
				jcmd(pid, "GC.run");
				long rss = rssKb(pid);
				long heap = match(HEAP_USED, jcmd(pid, "GC.heap_info"));
				String nmtSummary = jcmd(pid, "VM.native_memory", "summary");
				Files.writeString(nmtDirectory.resolve(String.format("minute-%03d.txt", minute)), nmtSummary);
				long nmt = match(NMT_COMMITTED, nmtSummary);
				long baselineRss = -1;
				if (baseline != null) {
					jcmd(baseline.pid(), "GC.run");
					baselineRss = rssKb(baseline.pid());
				}
				int health = status(http, base + "/actuator/health");
				String pyroscope = body(http, base + "/actuator/pyroscope");
				Uploads uploads = Uploads.of(pyroscope);
				Sample sample = new Sample(minute, standIn.phase(), rss, heap, nmt, health, ok.get(), failed.get(),
						uploads, standIn.requests.get(), standIn.accepted.get(), baselineRss);
				samples.add(sample);
				csv.write(sample.csv() + "\n");
				csv.flush();
				say(log, sample.toString());
			}
		}
		finally {
			schedule.shutdownNow();
			requests.shutdown();
			requests.awaitTermination(60, TimeUnit.SECONDS);
		}
		Sample last = samples.get(samples.size() - 1);
		Uploads end = Uploads.of(body(http, base + "/actuator/pyroscope"));
		demo.destroy();
		boolean exited = demo.waitFor(60, TimeUnit.SECONDS);
		if (baseline != null) {
			baseline.destroy();
			baseline.waitFor(60, TimeUnit.SECONDS);
		}
		standIn.stop();
		List<Sample> steady = samples.stream().filter((s) -> s.minute() > warmup).toList();
		double rssPerHour = slopePerHour(steady, Sample::rssKb) / 1024;
		double heapPerHour = slopePerHour(steady, Sample::heapKb) / 1024;
		double nmtPerHour = slopePerHour(steady, Sample::nmtKb) / 1024;
		long accounted = end.succeeded() + end.dropped() + end.queueDepth();
		say(log, String.format("RESULT rss after warm-up: %.1f -> %.1f MB, fitted growth %.2f MB/h", steady.get(0).rssKb() / 1024.0,
				last.rssKb() / 1024.0, rssPerHour));
		say(log, String.format("RESULT heap after GC after warm-up: %.1f -> %.1f MB, fitted growth %.2f MB/h (min %.1f, max %.1f)",
				steady.get(0).heapKb() / 1024.0, last.heapKb() / 1024.0, heapPerHour,
				steady.stream().mapToLong(Sample::heapKb).min().orElse(0) / 1024.0,
				steady.stream().mapToLong(Sample::heapKb).max().orElse(0) / 1024.0));
		say(log, String.format("RESULT NMT committed fitted growth %.2f MB/h", nmtPerHour));
		if (baseline != null) {
			double baselinePerHour = slopePerHour(steady, Sample::baselineRssKb) / 1024;
			say(log, String.format("RESULT baseline (starter off) rss after warm-up: %.1f -> %.1f MB, fitted growth "
					+ "%.2f MB/h; the starter's own: %+.2f MB/h", steady.get(0).baselineRssKb() / 1024.0,
					last.baselineRssKb() / 1024.0, baselinePerHour, rssPerHour - baselinePerHour));
		}
		say(log, "RESULT windows: received " + end.received() + ", uploaded " + end.succeeded() + ", dropped "
				+ end.dropped() + " " + end.droppedByReason() + ", queued " + end.queueDepth() + ": "
				+ ((accounted == end.received()) ? "all accounted for" : "MISSING " + (end.received() - accounted)));
		say(log, "RESULT stand-in: " + standIn.requests.get() + " upload requests, " + standIn.accepted.get()
				+ " answered 200; the demo counts " + end.succeeded() + " uploaded");
		say(log, "RESULT rides: " + ok.get() + " ok, " + failed.get() + " failed " + failures);
		say(log, "RESULT /actuator/health not 200 in " + samples.stream().filter((s) -> s.health() != 200).count()
				+ " of " + samples.size() + " samples; demo stopped cleanly: " + exited);
	}

	private static void ride(HttpClient http, String url, AtomicLong ok, AtomicLong failed, Map<String, AtomicLong> failures) {
		try {
			HttpResponse<Void> response = http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() == 200) {
				ok.incrementAndGet();
				return;
			}
			failures.computeIfAbsent("status " + response.statusCode(), (k) -> new AtomicLong()).incrementAndGet();
		}
		catch (IOException | RuntimeException ex) {
			failures.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new AtomicLong()).incrementAndGet();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		failed.incrementAndGet();
	}

	private static Process startDemo(Path app, int standInPort, int appPort, Path log, boolean profiled)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=summary", "-jar",
				app.toString(), "--server.port=" + appPort, "--spring.main.banner-mode=off",
				"--pyroscope.server-address=http://127.0.0.1:" + standInPort, "--rideshare.load-generator.enabled=false",
				"--rideshare.fixed-work.iterations=100000", "--management.tracing.sampling.probability=0.0",
				"--management.endpoints.web.exposure.include=health,pyroscope", "--pyroscope.enabled=" + profiled));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static void awaitStarted(HttpClient http, String base, Process demo, String path)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			if (!demo.isAlive()) {
				throw new IllegalStateException("the demo exited with " + demo.exitValue());
			}
			if (status(http, base + path) == 200) {
				return;
			}
			Thread.sleep(1000);
		}
		throw new IllegalStateException("the demo did not start within 3 minutes");
	}

	private static int status(HttpClient http, String url) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String body(HttpClient http, String url) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid)));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(60, TimeUnit.SECONDS);
		return output;
	}

	private static long rssKb(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	private static long match(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	/** Least-squares slope of the samples, per hour. */
	static double slopePerHour(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
		int n = samples.size();
		if (n < 2) {
			return 0;
		}
		double meanX = samples.stream().mapToDouble(Sample::minute).average().orElse(0);
		double meanY = samples.stream().mapToDouble(value::applyAsLong).average().orElse(0);
		double num = 0;
		double den = 0;
		for (Sample sample : samples) {
			num += (sample.minute() - meanX) * (value.applyAsLong(sample) - meanY);
			den += (sample.minute() - meanX) * (sample.minute() - meanX);
		}
		return (den == 0) ? 0 : num / den * 60;
	}

	private static void say(PrintStream log, String line) {
		String stamped = Instant.now() + " " + line;
		System.out.println(stamped);
		log.println(stamped);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i], args[i + 1]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException(name + " is required");
		}
		return value;
	}

	private static Duration duration(String text) {
		String value = text.trim();
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (value.charAt(value.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			default -> throw new IllegalArgumentException("not a duration: " + text);
		};
	}

	/** The upload figures of {@code /actuator/pyroscope}, read from its JSON without a JSON library. */
	record Uploads(long received, long succeeded, long dropped, long queueDepth, String droppedByReason) {

		static Uploads of(String json) {
			Matcher reasons = Pattern.compile("\"droppedByReason\":(\\{[^}]*\\})").matcher(json);
			return new Uploads(number(json, "received"), number(json, "succeeded"), number(json, "dropped"),
					number(json, "queueDepth"), reasons.find() ? reasons.group(1) : "{}");
		}

		private static long number(String json, String name) {
			Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
			return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
		}

	}

	record Sample(int minute, String phase, long rssKb, long heapKb, long nmtKb, int health, long ridesOk,
			long ridesFailed, Uploads uploads, long standInRequests, long standInAccepted, long baselineRssKb) {

		String csv() {
			return String.join(",", Integer.toString(this.minute), this.phase, Long.toString(this.rssKb),
					Long.toString(this.heapKb), Long.toString(this.nmtKb), Integer.toString(this.health),
					Long.toString(this.ridesOk), Long.toString(this.ridesFailed), Long.toString(this.uploads.received()),
					Long.toString(this.uploads.succeeded()), Long.toString(this.uploads.dropped()),
					Long.toString(this.uploads.queueDepth()), "\"" + this.uploads.droppedByReason().replace("\"", "") + "\"",
					Long.toString(this.standInRequests), Long.toString(this.standInAccepted),
					Long.toString(this.baselineRssKb));
		}

	}

	/**
	 * The stand-in Pyroscope server: one thread per connection, HTTP/1.1 just far enough to read a request and
	 * answer it (or not), the phase decided by the time since it started.
	 */
	static final class StandIn {

		private final int port;

		private final Duration phaseLength;

		private final Duration slowDelay;

		private final Instant started = Instant.now();

		final AtomicLong requests = new AtomicLong();

		final AtomicLong accepted = new AtomicLong();

		private final Set<Socket> open = ConcurrentHashMap.newKeySet();

		private final ExecutorService connections = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "stand-in");
			thread.setDaemon(true);
			return thread;
		});

		private volatile @Nullable ServerSocket server;

		private volatile boolean stopped;

		StandIn(int port, Duration phaseLength, Duration slowDelay) {
			this.port = port;
			this.phaseLength = phaseLength;
			this.slowDelay = slowDelay;
		}

		String phase() {
			long index = Duration.between(this.started, Instant.now()).toMillis() / this.phaseLength.toMillis();
			return PHASES.get((int) (index % PHASES.size()));
		}

		void start() {
			Thread acceptor = new Thread(this::run, "stand-in-acceptor");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		void stop() throws IOException {
			this.stopped = true;
			ServerSocket current = this.server;
			if (current != null) {
				current.close();
			}
			this.connections.shutdownNow();
		}

		// Opens the port outside the down phase, closes it (and every connection) in it.
		private void run() {
			while (!this.stopped) {
				try {
					if (phase().equals("down")) {
						closeAll();
						Thread.sleep(200);
						continue;
					}
					ServerSocket current = this.server;
					if (current == null) {
						current = new ServerSocket();
						current.setReuseAddress(true);
						current.setSoTimeout(200);
						current.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
						this.server = current;
					}
					try {
						Socket socket = current.accept();
						this.open.add(socket);
						this.connections.submit(() -> serve(socket));
					}
					catch (java.net.SocketTimeoutException ex) {
						// look at the phase again
					}
				}
				catch (IOException ex) {
					sleepQuietly(200);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		private void closeAll() throws IOException {
			ServerSocket current = this.server;
			if (current != null) {
				this.server = null;
				current.close();
			}
			for (Socket socket : this.open) {
				closeQuietly(socket);
			}
		}

		private void serve(Socket socket) {
			try (socket) {
				InputStream in = socket.getInputStream();
				OutputStream out = socket.getOutputStream();
				while (!this.stopped) {
					if (!readRequest(in)) {
						return;
					}
					this.requests.incrementAndGet();
					String phase = phase();
					switch (phase) {
						case "healthy" -> answer(out, 200, "");
						case "503" -> answer(out, 503, "ingester unavailable");
						case "slow" -> {
							Thread.sleep(this.slowDelay.toMillis());
							answer(out, 200, "");
						}
						default -> {
							// hanging (or down, reached by a connection opened just before): never answer
							while (!this.stopped && !socket.isClosed() && !phase().equals("healthy")) {
								Thread.sleep(500);
							}
							return;
						}
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client gave up or the phase closed the connection
			}
			finally {
				this.open.remove(socket);
			}
		}

		private void answer(OutputStream out, int status, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(bytes);
			out.flush();
			if (status == 200) {
				this.accepted.incrementAndGet();
			}
		}

		// Reads one request's head and body (Content-Length or chunked); false at the end of the stream.
		private static boolean readRequest(InputStream in) throws IOException {
			String head = readHead(in);
			if (head == null) {
				return false;
			}
			long length = 0;
			boolean chunked = false;
			for (String line : head.split("\r\n")) {
				String lower = line.toLowerCase(java.util.Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(line.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
			}
			if (!chunked) {
				skip(in, length);
				return true;
			}
			while (true) {
				String size = readLine(in);
				if (size == null) {
					return false;
				}
				long chunk = Long.parseLong(size.split(";")[0].trim(), 16);
				skip(in, chunk + 2);
				if (chunk == 0) {
					return true;
				}
			}
		}

		private static @Nullable String readHead(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			while (true) {
				String line = readLine(in);
				if (line == null) {
					return null;
				}
				if (line.isEmpty()) {
					return head.toString();
				}
				head.append(line).append("\r\n");
			}
		}

		private static @Nullable String readLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			int b;
			while ((b = in.read()) != -1) {
				if (b == '\n') {
					int end = line.length();
					return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
				}
				line.append((char) b);
			}
			return null;
		}

		private static void skip(InputStream in, long bytes) throws IOException {
			long left = bytes;
			while (left > 0) {
				long skipped = in.skip(left);
				if (skipped <= 0) {
					if (in.read() == -1) {
						throw new SocketException("closed in the body");
					}
					skipped = 1;
				}
				left -= skipped;
			}
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

		private static void sleepQuietly(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}

package dev.pyroscopestarter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link OverheadBenchmark} reads of a running demo from outside: CPU time of the process and of its threads
 * ({@code /proc}), heap and native memory ({@code jcmd}), RSS, startup time from its log, the machine's load.
 */
final class ProcessProbes {

	private ProcessProbes() {
	}

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private static final Pattern NMT_LINE = Pattern.compile("^-?\\s*([A-Za-z ]+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

	private static final Pattern NMT_TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

	private static final Pattern NMT_CLASSES = Pattern.compile("\\(classes #(\\d+)\\)");

	private static final Pattern NMT_COMMITTED = Pattern.compile("reserved=(\\d+)KB, committed=(\\d+)KB");

	private static final Pattern NMT_THREADS = Pattern.compile("\\(thread #(\\d+)\\)");

	/** CPU time of the whole child process (all its threads: request threads, the profiler's, the JIT, GC). */
	static long cpuNanos(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((handle) -> handle.info().totalCpuDuration())
			.orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid))
			.toNanos();
	}

	/** Thread names (as the kernel keeps them, 15 characters at most) of the JIT compiler's threads. */
	static boolean jit(String name) {
		return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
	}

	/**
	 * Thread names of the profiling's own threads: the agent's scheduler (it dumps each window), the native
	 * profiler's, the starter's uploader and watchdog, OkHttp's and Okio's (both uploaders use OkHttp); the agent by
	 * hand's exporter thread has no name of its own ("Thread-N"), which the demo does not otherwise start.
	 */
	static boolean profiling(String name) {
		return name.startsWith("PyroscopeProfil") || name.startsWith("pyroscope-") || name.startsWith("Async-profiler")
				|| name.startsWith("OkHttp") || name.startsWith("Okio") || name.startsWith("Thread-");
	}

	/**
	 * CPU time per thread, from {@code /proc/<pid>/task/<tid>/stat} (in clock ticks of 10 ms), by thread id, with its
	 * name. The JIT's threads are started with {@code -XX:-UseDynamicNumberOfCompilerThreads}, so none exits while a
	 * window is measured; a thread that ends in a window loses what it did in it.
	 */
	static Map<String, ThreadCpu> threadCpu(long pid) throws IOException {
		Map<String, ThreadCpu> threads = new LinkedHashMap<>();
		try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks.toList()) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"));
				}
				catch (IOException ex) {
					continue; // the thread ended
				}
				threads.put(task.getFileName().toString(), threadCpu(stat));
			}
		}
		return threads;
	}

	/** A thread's name and CPU time (user and system, in clock ticks of 10 ms) from its {@code stat} line. */
	static ThreadCpu threadCpu(String stat) {
		String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
		// After the name: state is field 3; utime and stime are fields 14 and 15.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return new ThreadCpu(name, ticks * 10_000_000L);
	}

	/** CPU of the threads whose name matches, between two readings; threads started in between count from zero. */
	static long cpuBetween(Map<String, ThreadCpu> before, Map<String, ThreadCpu> after,
			Predicate<String> name) {
		long nanos = 0;
		for (Map.Entry<String, ThreadCpu> thread : after.entrySet()) {
			if (name.test(thread.getValue().name())) {
				ThreadCpu earlier = before.get(thread.getKey());
				nanos += thread.getValue().nanos() - ((earlier != null) ? earlier.nanos() : 0);
			}
		}
		return nanos;
	}

	record ThreadCpu(String name, long nanos) {
	}

	static double startupSeconds(Path log) throws IOException {
		Matcher matcher = STARTED.matcher(Files.readString(log));
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
	}

	/** Heap in use after a full collection, as {@code jcmd} reports it. */
	static double heapUsedMb(long pid) throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		run(jcmd, Long.toString(pid), "GC.run");
		String info = run(jcmd, Long.toString(pid), "GC.heap_info");
		Matcher matcher = Pattern.compile("used (\\d+)K").matcher(info);
		return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024.0 : Double.NaN;
	}

	static double rssMb(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
			}
		}
		return Double.NaN;
	}

	static String loadAverage() throws IOException {
		Path loadavg = Path.of("/proc/loadavg");
		return Files.exists(loadavg) ? Files.readString(loadavg).trim() : "?";
	}

	static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

	/** NMT's committed memory by category, in MB, and the classes loaded (a count). */
	static Map<String, Double> nativeMemory(long pid) throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		return nativeMemory(run(jcmd, Long.toString(pid), "VM.native_memory", "summary", "scale=KB"));
	}

	/** NMT's summary ({@code jcmd VM.native_memory summary scale=KB}) read as {@link #nativeMemory(long)} gives it. */
	static Map<String, Double> nativeMemory(String summary) {
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

}

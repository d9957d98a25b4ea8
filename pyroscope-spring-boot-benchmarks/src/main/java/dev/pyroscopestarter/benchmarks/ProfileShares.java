package dev.pyroscopestarter.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of recordings the starter uploaded went (those {@code OverheadBenchmark --save-profiles}
 * keeps): the share of samples with a frame of the starter, of the agent, of the upload client, of the request work,
 * and the starter's frames on top of the stack. A profile of the starter by itself: the profiler's signal handler
 * is not in it (it runs inside whatever it interrupts), the rest of what the starter does is.
 * <p>
 * Usage: {@code ProfileShares <recording.jfr>...}.
 */
public final class ProfileShares {

	private static final Map<String, Predicate<String>> CATEGORIES = new LinkedHashMap<>();

	static {
		CATEGORIES.put("rides: the search (OrderService.search)", (f) -> f.contains("OrderService.search"));
		CATEGORIES.put("starter: any frame of dev.pyroscopestarter (labels, exporter, profiler)",
				(f) -> f.startsWith("dev.pyroscopestarter.") && !f.startsWith("dev.pyroscopestarter.rideshare."));
		CATEGORIES.put("starter: label scopes (dev.pyroscopestarter.labels)", (f) -> f.startsWith("dev.pyroscopestarter.labels."));
		CATEGORIES.put("starter: export (dev.pyroscopestarter.export)", (f) -> f.startsWith("dev.pyroscopestarter.export."));
		CATEGORIES.put("starter: profiler and agent glue (dev.pyroscopestarter.profiler/agent)",
				(f) -> f.startsWith("dev.pyroscopestarter.profiler.") || f.startsWith("dev.pyroscopestarter.agent."));
		CATEGORIES.put("agent: io.pyroscope", (f) -> f.startsWith("io.pyroscope."));
		CATEGORIES.put("upload client: okhttp3/okio", (f) -> f.startsWith("okhttp3.") || f.startsWith("okio."));
		CATEGORIES.put("Spring AOP (proxies of @ProfileTag beans)", (f) -> f.startsWith("org.springframework.aop."));
	}

	private ProfileShares() {
	}

	public static void main(String[] args) throws Exception {
		long total = 0;
		Map<String, Long> counts = new LinkedHashMap<>();
		CATEGORIES.keySet().forEach((name) -> counts.put(name, 0L));
		Map<String, Long> starterTops = new TreeMap<>();
		Map<String, Long> threads = new TreeMap<>();
		Map<String, Long> tops = new TreeMap<>();
		for (String file : args) {
			for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(file))) {
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
					continue;
				}
				RecordedStackTrace stack = event.getStackTrace();
				if (stack == null) {
					continue;
				}
				total++;
				List<String> frames = stack.getFrames().stream().map(ProfileShares::name).toList();
				CATEGORIES.forEach((name, test) -> {
					if (frames.stream().anyMatch(test)) {
						counts.merge(name, 1L, Long::sum);
					}
				});
				// Self time: the innermost frame that is not the JDK's, so that a starter method counts the JDK code
				// it calls, but not the application code it wraps.
				frames.stream()
					.filter((f) -> !f.startsWith("java.") && !f.startsWith("jdk.") && !f.startsWith("sun."))
					.findFirst()
					.ifPresent((f) -> starterTops.merge(f, 1L, Long::sum));
				if (!frames.isEmpty()) {
					tops.merge(frames.get(0), 1L, Long::sum);
				}
				String thread = (event.getThread("sampledThread") != null)
						? event.getThread("sampledThread").getJavaName() : "?";
				threads.merge((thread != null) ? thread.replaceAll("\\d+", "N") : "?", 1L, Long::sum);
			}
		}
		long samples = total;
		System.out.printf(Locale.ROOT, "%d CPU samples%n", samples);
		for (Map.Entry<String, Long> entry : counts.entrySet()) {
			System.out.printf(Locale.ROOT, "%6.2f%%  %5d  %s%n", 100.0 * entry.getValue() / total, entry.getValue(),
					entry.getKey());
		}
		System.out.println("self time of the starter and the agent (innermost frame outside the JDK):");
		starterTops.entrySet()
			.stream()
			.filter((e) -> (e.getKey().startsWith("dev.pyroscopestarter.")
					&& !e.getKey().startsWith("dev.pyroscopestarter.rideshare.")) || e.getKey().startsWith("io.pyroscope."))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(15)
			.forEach((e) -> System.out.printf(Locale.ROOT, "%6.2f%%  %5d  %s%n", 100.0 * e.getValue() / samples, e.getValue(),
					e.getKey()));
		System.out.println("innermost frames:");
		tops.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(15)
			.forEach((e) -> System.out.printf(Locale.ROOT, "%6.2f%%  %5d  %s%n", 100.0 * e.getValue() / samples, e.getValue(),
					e.getKey()));
		System.out.println("threads:");
		threads.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(10)
			.forEach((e) -> System.out.printf(Locale.ROOT, "%6.2f%%  %5d  %s%n", 100.0 * e.getValue() / samples, e.getValue(),
					e.getKey()));
	}

	private static String name(RecordedFrame frame) {
		return (frame.getMethod() != null)
				? frame.getMethod().getType().getName() + "." + frame.getMethod().getName() : "?";
	}

}

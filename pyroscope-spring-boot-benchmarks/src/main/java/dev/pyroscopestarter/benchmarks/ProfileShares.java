package dev.pyroscopestarter.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of recordings the starter uploaded went ({@code OverheadBenchmark --save-profiles} keeps
 * them): a profile of the starter by itself. Each sample is charged to the innermost frame outside the JDK (so a
 * starter method counts the JDK code it calls, but not the application code it wraps), grouped by owner, with the
 * starter's own methods listed. The profiler's signal handler is not in any profile (it runs inside whatever it
 * interrupts); everything else the starter does is.
 * <p>
 * Usage: {@code ProfileShares <recording.jfr>...}.
 */
public final class ProfileShares {

	private static final String DEMO = "dev.pyroscopestarter.rideshare.";

	private static final String STARTER = "dev.pyroscopestarter.";

	private ProfileShares() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, Long> owners = new LinkedHashMap<>();
		Map<String, Long> starterMethods = new LinkedHashMap<>();
		Map<String, Long> threads = new LinkedHashMap<>();
		long total = 0;
		for (String file : args) {
			for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(file))) {
				RecordedStackTrace stack = event.getStackTrace();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null) {
					continue;
				}
				total++;
				List<String> frames = stack.getFrames().stream().map(ProfileShares::name).toList();
				String charged = frames.stream().filter(ProfileShares::outsideTheJdk).findFirst().orElse(null);
				RecordedThread thread = event.getThread("sampledThread");
				String threadName = (thread == null) ? "?"
						: (thread.getJavaName() != null) ? thread.getJavaName() : thread.getOSName();
				owners.merge(owner(charged, frames, threadName), 1L, Long::sum);
				if (charged != null && charged.startsWith(STARTER) && !charged.startsWith(DEMO)) {
					starterMethods.merge(charged, 1L, Long::sum);
				}
				threads.merge(threadName.replaceAll("\\d+", "N"), 1L, Long::sum);
			}
		}
		System.out.printf(Locale.ROOT, "%d CPU samples%n%nCharged to:%n", total);
		print(owners, total, 20);
		System.out.printf(Locale.ROOT, "%nThe starter's methods:%n");
		print(starterMethods, total, 15);
		System.out.printf(Locale.ROOT, "%nThreads:%n");
		print(threads, total, 12);
	}

	private static String owner(String charged, List<String> frames, String thread) {
		if (charged == null) {
			if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
				return "the JIT compiler";
			}
			if (thread.startsWith("G1") || thread.startsWith("GC")) {
				return "the garbage collector";
			}
			boolean java = frames.stream().anyMatch((f) -> !isNative(f));
			return java ? "JDK" : "the JVM, other";
		}
		if (charged.startsWith("dev.pyroscopestarter.rideshare.OrderService.search")) {
			return "the rides' search (fixed work)";
		}
		if (charged.startsWith(DEMO)) {
			return "the demo, other";
		}
		if (charged.startsWith(STARTER)) {
			return "the starter (dev.pyroscopestarter)";
		}
		if (charged.startsWith("io.pyroscope.")) {
			return "the agent (io.pyroscope)";
		}
		if (charged.startsWith("one.profiler.")) {
			return "async-profiler's Java API (one.profiler)";
		}
		if (charged.startsWith("okhttp3.") || charged.startsWith("okio.") || charged.startsWith("kotlin.")) {
			return "the upload client (OkHttp)";
		}
		if (charged.startsWith("org.h2.")) {
			return "H2";
		}
		if (charged.startsWith("org.apache.")) {
			return "Tomcat";
		}
		if (charged.startsWith("org.springframework.") || charged.startsWith("io.micrometer.")) {
			return "Spring, Micrometer";
		}
		if (isNative(charged)) {
			return "native code under Java frames";
		}
		return "other libraries";
	}

	private static boolean outsideTheJdk(String frame) {
		return !frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")
				&& !frame.startsWith("com.sun.") && !isNative(frame);
	}

	/** async-profiler names native frames by their library ({@code libjvm.so.Foo::bar}) or with a leading dot. */
	private static boolean isNative(String frame) {
		return frame.startsWith(".") || frame.contains(".so.") || frame.contains("::") || frame.startsWith("[");
	}

	private static void print(Map<String, Long> counts, long total, int limit) {
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(limit)
			.forEach((e) -> System.out.printf(Locale.ROOT, "%6.2f%%  %6d  %s%n", 100.0 * e.getValue() / total,
					e.getValue(), e.getKey()));
	}

	private static String name(RecordedFrame frame) {
		return (frame.getMethod() != null) ? frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
				: "?";
	}

}

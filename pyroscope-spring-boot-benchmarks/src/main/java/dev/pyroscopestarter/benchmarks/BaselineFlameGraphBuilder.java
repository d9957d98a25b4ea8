package dev.pyroscopestarter.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.WindowLabels;
import dev.pyroscopestarter.internal.local.view.LabelFilter;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;
import one.convert.Frame;
import org.jspecify.annotations.Nullable;

/**
 * The baseline of {@link LocalViewsBenchmark}: the local views' renderer as it was before windows were aggregated on
 * arrival (copied from the starter, CPU samples only), which writes every window to a temp file and parses it on
 * each request. Not used at runtime.
 * <p>
 * Aggregates the stacks of profiling windows into a flame graph, keeping only the samples of one profile type,
 * taken since a given instant under labels a filter accepts; then renders it once, as jfr-converter's interactive
 * HTML page or as collapsed stacks.
 * <p>
 * The recordings are read with the JDK's own JFR parser: Pyroscope's fork of async-profiler adds fields to
 * {@code jdk.ExecutionSample} (span, context and trace ids) that jfr-converter's reader does not expect, and the
 * context id is what ties a sample to its labels. The same fields tell the span a sample was taken in, which filters
 * on {@code span_id}, {@code trace_id} and {@code span_name} match.
 */
final class BaselineFlameGraphBuilder {

	private final Instant since;

	private final @Nullable Instant until;

	private final LabelFilter filter;

	private final boolean spanFilter;

	private final Map<String, String> staticLabels;

	private final FlameGraph graph;

	private final CallStack stack = new CallStack();

	private final Arguments arguments;

	private long samples;

	private long total;

	private int unreadableWindows;

	private final Set<String> spanNames = new LinkedHashSet<>();

	private final Map<Map.Entry<String, String>, Long> labelCounts = new HashMap<>();

	private long spanSamples;

	private boolean rendered;

	/**
	 * @param type which events to aggregate
	 * @param since events that started earlier are left out
	 * @param filter the labels a sample must carry
	 * @param staticLabels labels every sample carries, matched by the filter like dynamic ones
	 */

	/**
	 * @param type which events to aggregate
	 * @param since events that started earlier are left out
	 * @param until events that started at or after it are left out; null for no end
	 * @param filter the labels a sample must carry
	 * @param staticLabels labels every sample carries, matched by the filter like dynamic ones
	 */
	BaselineFlameGraphBuilder(Instant since, @Nullable Instant until, LabelFilter filter,
			Map<String, String> staticLabels) {
		this.since = since;
		this.until = until;
		this.filter = filter;
		this.spanFilter = false;
		this.staticLabels = staticLabels;
		this.arguments = new Arguments();
		this.graph = new FlameGraph(this.arguments);
	}

	/** Adds the matching samples of each window. */
	BaselineFlameGraphBuilder addAll(List<ProfileWindow> windows) {
		windows.forEach(this::add);
		return this;
	}

	/** Adds the matching samples of one window. */
	BaselineFlameGraphBuilder add(ProfileWindow window) {
		if (this.rendered) {
			throw new IllegalStateException("already rendered");
		}
		Path file = null;
		try {
			Map<Long, Map<String, String>> contexts = this.filter.isEmpty() ? Map.of()
					: WindowLabels.contexts(window.labels());
			Map<Long, String> strings = this.spanFilter ? WindowLabels.strings(window.labels()) : Map.of();
			file = Files.createTempFile("pyroscope-window", ".jfr");
			Files.write(file, window.jfr());
			try (RecordingFile recording = new RecordingFile(file)) {
				while (recording.hasMoreEvents()) {
					RecordedEvent event = recording.readEvent();
					if ("jdk.ExecutionSample".equals(event.getEventType().getName()) && inPeriod(event.getStartTime())
							&& matches(event, contexts, strings)) {
						addSample(event);
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// One unreadable window (cut short by a full disk, say) must not take every view down with it.
			this.unreadableWindows++;
		}
		finally {
			deleteQuietly(file);
		}
		return this;
	}

	/** Windows left out because they could not be read. */
	public int unreadableWindows() {
		return this.unreadableWindows;
	}

	/** Samples kept so far. */
	public long samples() {
		return this.samples;
	}

	/** Their summed weight, in the profile type's unit. */
	public long total() {
		return this.total;
	}

	/** The span names the samples kept carry, when the filter names a span label; empty otherwise. */
	public Set<String> spanNames() {
		return this.spanNames;
	}

	/**
	 * The dynamic labels most samples kept carry (more than half), when the filter names a span label: what the
	 * span did, such as the route of a web request; sorted by name, empty otherwise. Not all: samples taken before
	 * the route is known carry the span but no route.
	 */
	public Map<String, String> prevalentLabels() {
		Map<String, String> prevalent = new TreeMap<>();
		this.labelCounts.forEach((label, count) -> {
			if (count * 2 > this.spanSamples) {
				prevalent.put(label.getKey(), label.getValue());
			}
		});
		return prevalent;
	}

	/**
	 * The interactive flame graph page.
	 * @param title heading of the page; HTML-escaped here
	 * @param highlight frames whose name contains this text are highlighted (the page's search), or null
	 */
	public String html(String title, String highlight) {
		this.arguments.title = escapeHtml(title);
		this.arguments.highlight = (highlight != null && !highlight.isEmpty()) ? literalPattern(highlight) : null;
		return render();
	}

	/** One line per distinct stack, frames from the root separated by {@code ;}, then the weight. */
	public String collapsed() {
		this.arguments.output = "collapsed";
		return render();
	}

	private String render() {
		if (this.rendered) {
			throw new IllegalStateException("already rendered");
		}
		this.rendered = true;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			this.graph.dump(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private boolean inPeriod(Instant start) {
		return !start.isBefore(this.since) && (this.until == null || start.isBefore(this.until));
	}

	private boolean matches(RecordedEvent event, Map<Long, Map<String, String>> contexts, Map<Long, String> strings) {
		if (this.filter.isEmpty()) {
			return true;
		}
		long contextId = event.hasField("contextId") ? event.getLong("contextId") : 0;
		Map<String, String> dynamic = contexts.getOrDefault(contextId, Map.of());
		if (this.staticLabels.isEmpty() && !this.spanFilter) {
			return this.filter.matches(dynamic);
		}
		Map<String, String> labels = new HashMap<>(this.staticLabels);
		labels.putAll(dynamic);
		String spanName = null; // span filters are not measured
		boolean matches = this.filter.matches(labels);
		if (matches && this.spanFilter) {
			if (spanName != null) {
				this.spanNames.add(spanName);
			}
			countLabels(dynamic);
		}
		return matches;
	}

	private void countLabels(Map<String, String> dynamic) {
		this.spanSamples++;
		dynamic.forEach((name, value) -> this.labelCounts.merge(Map.entry(name, value), 1L, Long::sum));
	}

	private void addSample(RecordedEvent event) {
		RecordedStackTrace trace = event.getStackTrace();
		if (trace == null) {
			return;
		}
		List<RecordedFrame> frames = trace.getFrames();
		this.stack.clear();
		for (int i = frames.size() - 1; i >= 0; i--) {
			RecordedFrame frame = frames.get(i);
			byte frameType = frameType(frame.getType());
			this.stack.push(frameName(frame.getMethod(), frameType), frameType);
		}
		pushClassFrame(event);
		long weight = event.hasField("samples") ? Math.max(1, event.getLong("samples")) : 1;
		this.graph.addSample(this.stack, weight);
		this.samples++;
		this.total += weight;
	}

	// Allocation and lock flame graphs end with the class allocated or waited on, as async-profiler draws them.
	private void pushClassFrame(RecordedEvent event) {
		String field = switch (event.getEventType().getName()) {
			case "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB" -> "objectClass";
			case "jdk.JavaMonitorEnter" -> "monitorClass";
			case "jdk.ThreadPark" -> "parkedClass";
			default -> null;
		};
		if (field != null && event.hasField(field) && event.getValue(field) instanceof RecordedClass recordedClass) {
			byte type = "jdk.ObjectAllocationOutsideTLAB".equals(event.getEventType().getName()) ? Frame.TYPE_KERNEL
					: Frame.TYPE_INLINED;
			this.stack.push(recordedClass.getName(), type);
		}
	}

	private static String frameName(RecordedMethod method, byte frameType) {
		boolean nativeCode = frameType == Frame.TYPE_NATIVE || frameType == Frame.TYPE_CPP
				|| frameType == Frame.TYPE_KERNEL;
		// For native code the "class" is the library's name: jfr-converter leaves it out too.
		if (nativeCode || method.getType() == null || method.getType().getName().isEmpty()) {
			return method.getName();
		}
		return method.getType().getName() + "." + method.getName();
	}

	// The frame type names async-profiler writes, as jfr-converter's colours know them.
	private static byte frameType(String name) {
		if (name == null) {
			return Frame.TYPE_JIT_COMPILED;
		}
		return switch (name) {
			case "Interpreted" -> Frame.TYPE_INTERPRETED;
			case "Inlined" -> Frame.TYPE_INLINED;
			case "Native" -> Frame.TYPE_NATIVE;
			case "C++" -> Frame.TYPE_CPP;
			case "Kernel" -> Frame.TYPE_KERNEL;
			case "C1 compiled" -> Frame.TYPE_C1_COMPILED;
			default -> Frame.TYPE_JIT_COMPILED;
		};
	}

	/**
	 * A JavaScript regular expression that matches the text literally. The page embeds it in a script, so
	 * {@code <} and {@code >} are written as escapes: a {@code </script>} in the text cannot end the script.
	 */
	static String literalPattern(String text) {
		StringBuilder pattern = new StringBuilder(text.length() + 8);
		for (char c : text.toCharArray()) {
			if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
				pattern.append('\\').append(c);
			}
			else if (c == '<' || c == '>' || c == '&' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				pattern.append(String.format("\\u%04x", (int) c));
			}
			else {
				pattern.append(c);
			}
		}
		return pattern.toString();
	}

	private static String escapeHtml(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				file.toFile().deleteOnExit();
			}
		}
	}

}

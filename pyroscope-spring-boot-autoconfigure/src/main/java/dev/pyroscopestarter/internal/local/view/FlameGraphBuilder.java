package dev.pyroscopestarter.internal.local.view;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.local.ProfileType;
import dev.pyroscopestarter.internal.local.WindowProfile;
import dev.pyroscopestarter.internal.local.WindowProfile.Rows;
import dev.pyroscopestarter.internal.local.WindowProfile.SampleKey;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;
import org.jspecify.annotations.Nullable;

/**
 * Sums the rows of aggregated windows ({@link WindowProfile}) into a flame graph, keeping only the samples of one
 * profile type, taken within a period (to the second) under labels a filter accepts; then renders it once, as
 * jfr-converter's interactive HTML page, as collapsed stacks, or as a diff against another selection.
 * <p>
 * The samples' span fields count as labels: filters on {@code span_id}, {@code trace_id} and {@code span_name}
 * match the span a sample was taken in ({@link SpanLabels}).
 */
public final class FlameGraphBuilder {

	private final ProfileType type;

	private final long sinceSecond;

	private final long untilSecond;

	private final LabelFilter filter;

	private final boolean spanFilter;

	private final Map<String, String> staticLabels;

	private final List<Leaves> leaves = new ArrayList<>();

	private long samples;

	private long total;

	private int unreadableWindows;

	private final Set<String> spanNames = new LinkedHashSet<>();

	private final Map<Map.Entry<String, String>, Long> labelCounts = new HashMap<>();

	private long spanSamples;

	private boolean rendered;

	/**
	 * @param type which samples to sum
	 * @param since samples taken in an earlier second are left out
	 * @param filter the labels a sample must carry
	 * @param staticLabels labels every sample carries, matched by the filter like dynamic ones
	 */
	public FlameGraphBuilder(ProfileType type, Instant since, LabelFilter filter, Map<String, String> staticLabels) {
		this(type, since, null, filter, staticLabels);
	}

	/**
	 * @param type which samples to sum
	 * @param since samples taken in an earlier second are left out
	 * @param until samples taken in the second it falls in or later are left out (but for the second it starts:
	 * a period ends on a second's boundary or includes that second); null for no end
	 * @param filter the labels a sample must carry
	 * @param staticLabels labels every sample carries, matched by the filter like dynamic ones
	 */
	public FlameGraphBuilder(ProfileType type, Instant since, @Nullable Instant until, LabelFilter filter,
			Map<String, String> staticLabels) {
		this.type = type;
		this.sinceSecond = since.getEpochSecond();
		this.untilSecond = (until != null) ? until.getEpochSecond() + ((until.getNano() > 0) ? 1 : 0)
				: Long.MAX_VALUE;
		this.filter = filter;
		this.spanFilter = filter.namesSpanLabels();
		this.staticLabels = staticLabels;
	}

	/** Adds the matching samples of each window. */
	public FlameGraphBuilder addAll(List<WindowProfile> windows) {
		windows.forEach(this::add);
		return this;
	}

	/** Aggregates a raw window, then adds its matching samples. */
	public FlameGraphBuilder add(ProfileWindow window) {
		return add(WindowProfile.of(window));
	}

	/** Adds the matching samples of one window. */
	public FlameGraphBuilder add(WindowProfile window) {
		if (this.rendered) {
			throw new IllegalStateException("already rendered");
		}
		if (!window.readable()) {
			this.unreadableWindows++;
			return this;
		}
		Rows rows = window.rows(this.type);
		if (rows == null) {
			return this;
		}
		List<SampleKey> keys = window.keys();
		byte[] matches = new byte[keys.size()];
		long[] weights = new long[window.nodes()];
		int leafCount = 0;
		for (int row = 0; row < rows.size(); row++) {
			long second = window.epochSecond(rows.second(row));
			if (second < this.sinceSecond || second >= this.untilSecond) {
				continue;
			}
			int key = rows.key(row);
			if (matches[key] == 0) {
				matches[key] = matches(keys.get(key)) ? (byte) 1 : (byte) -1;
			}
			if (matches[key] < 0) {
				continue;
			}
			if (this.spanFilter) {
				countSpan(keys.get(key), rows.samples(row));
			}
			int node = rows.node(row);
			if (weights[node] == 0) {
				leafCount++;
			}
			weights[node] += rows.weight(row);
			this.samples += rows.samples(row);
			this.total += rows.weight(row);
		}
		if (leafCount > 0) {
			int[] leafNodes = new int[leafCount];
			long[] leafWeights = new long[leafCount];
			int i = 0;
			for (int node = 0; node < weights.length; node++) {
				if (weights[node] != 0) {
					leafNodes[i] = node;
					leafWeights[i++] = weights[node];
				}
			}
			this.leaves.add(new Leaves(window, leafNodes, leafWeights));
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
	public String html(String title, @Nullable String highlight) {
		Arguments arguments = htmlArguments(title, highlight);
		return dump(graph(arguments, 1.0));
	}

	/** One line per distinct stack, frames from the root separated by {@code ;}, then the weight. */
	public String collapsed() {
		Arguments arguments = new Arguments();
		arguments.output = "collapsed";
		return dump(graph(arguments, 1.0));
	}

	/**
	 * The diff flame graph of {@code comparison} against {@code baseline}, as jfr-converter draws it: the frames of
	 * the comparison, red where they take more time (self) than in the baseline, blue where less, the deeper the
	 * colour the larger the difference; yellow for frames the baseline does not have. The baseline is scaled to the
	 * comparison's total first, so that the colours show where the time went, not how much more time there was.
	 * @param title heading of the page; HTML-escaped here
	 */
	public static String diffHtml(FlameGraphBuilder baseline, FlameGraphBuilder comparison, String title,
			@Nullable String highlight) {
		double scale = (baseline.total > 0) ? (double) comparison.total / baseline.total : 1.0;
		FlameGraph base = baseline.graph(new Arguments(), scale);
		FlameGraph graph = comparison.graph(comparison.htmlArguments(title, highlight), 1.0);
		graph.diff(base);
		return comparison.dump(graph);
	}

	private Arguments htmlArguments(String title, @Nullable String highlight) {
		Arguments arguments = new Arguments();
		arguments.title = escapeHtml(title);
		arguments.highlight = (highlight != null && !highlight.isEmpty()) ? literalPattern(highlight) : null;
		return arguments;
	}

	private FlameGraph graph(Arguments arguments, double scale) {
		if (this.rendered) {
			throw new IllegalStateException("already rendered");
		}
		this.rendered = true;
		FlameGraph graph = new FlameGraph(arguments);
		CallStack stack = new CallStack();
		int[] path = new int[64];
		for (Leaves window : this.leaves) {
			WindowProfile profile = window.profile();
			for (int i = 0; i < window.nodes().length; i++) {
				int depth = 0;
				for (int node = window.nodes()[i]; node > 0; node = profile.parent(node)) {
					if (depth == path.length) {
						path = Arrays.copyOf(path, depth * 2);
					}
					path[depth++] = node;
				}
				stack.clear();
				for (int d = depth - 1; d >= 0; d--) {
					stack.push(profile.frame(path[d]), profile.frameType(path[d]));
				}
				long weight = (scale == 1.0) ? window.weights()[i] : Math.round(window.weights()[i] * scale);
				graph.addSample(stack, weight);
			}
		}
		return graph;
	}

	private String dump(FlameGraph graph) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			graph.dump(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private boolean matches(SampleKey key) {
		if (this.filter.isEmpty()) {
			return true;
		}
		if (this.staticLabels.isEmpty() && !this.spanFilter) {
			return this.filter.matches(key.labels());
		}
		return this.filter.matches(labels(key, this.staticLabels));
	}

	/**
	 * Every label a sample key stands for: the static labels, its context's labels, then its span's fields, which
	 * win over a label of the same name (they are what the profiler recorded for the sample).
	 */
	static Map<String, String> labels(SampleKey key, Map<String, String> staticLabels) {
		Map<String, String> labels = new HashMap<>(staticLabels);
		labels.putAll(key.labels());
		labels.remove(SpanLabels.SPAN_ID);
		labels.remove(SpanLabels.TRACE_ID);
		labels.remove(SpanLabels.SPAN_NAME);
		if (key.spanId() == 0) {
			return labels;
		}
		labels.put(SpanLabels.SPAN_ID, SpanLabels.spanId(key.spanId()));
		if (key.traceIdHigh() != 0 || key.traceIdLow() != 0) {
			labels.put(SpanLabels.TRACE_ID, SpanLabels.traceId(key.traceIdHigh(), key.traceIdLow()));
		}
		if (key.spanName() != null) {
			labels.put(SpanLabels.SPAN_NAME, key.spanName());
		}
		return labels;
	}

	private void countSpan(SampleKey key, int samples) {
		if (key.spanId() != 0 && key.spanName() != null) {
			this.spanNames.add(key.spanName());
		}
		this.spanSamples += samples;
		key.labels().forEach((name, value) -> this.labelCounts.merge(Map.entry(name, value), (long) samples, Long::sum));
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

	static String escapeHtml(String text) {
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

	/** One window's matching stacks: leaf nodes of its trie and their summed weights. */
	private record Leaves(WindowProfile profile, int[] nodes, long[] weights) {
	}

}

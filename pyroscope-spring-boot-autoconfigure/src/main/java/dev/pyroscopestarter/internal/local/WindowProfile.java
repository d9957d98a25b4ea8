package dev.pyroscopestarter.internal.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.WindowLabels;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * One profiling window, aggregated once when it arrives: its stacks as a trie of interned frames, and for each
 * profile type one row per distinct (stack, sample key, second) with the samples and weight it sums. A sample key
 * is what a view filters on: the labels of the sample's context and the span it was taken in. Views read these
 * rows instead of parsing the recording again.
 * <p>
 * The second a sample was taken in is kept (rather than the window alone) so that a period, such as the few
 * seconds around a span or the last minute of a diff, cuts within a window to the second.
 * <p>
 * The recording is read with the JDK's own JFR parser: Pyroscope's fork of async-profiler adds fields to
 * {@code jdk.ExecutionSample} (span, context and trace ids) that jfr-converter's reader does not expect, and the
 * context id is what ties a sample to its labels.
 */
public final class WindowProfile {

	/** Frame types, as jfr-converter's {@code Frame} numbers them (its colours depend on them). */
	public static final byte JIT_COMPILED = 0;

	static final byte INLINED = 1;

	static final byte INTERPRETED = 2;

	static final byte NATIVE = 3;

	static final byte CPP = 4;

	static final byte KERNEL = 5;

	static final byte C1_COMPILED = 6;

	private final Instant started;

	private final Instant ended;

	private final boolean readable;

	private final String[] frames;

	private final int[] parents;

	private final int[] nodeFrames;

	private final byte[] nodeTypes;

	private final SampleKey[] keys;

	private final Rows[] rows;

	private final long baseSecond;

	private final long bytes;

	private WindowProfile(Instant started, Instant ended, boolean readable, String[] frames, int[] parents,
			int[] nodeFrames, byte[] nodeTypes, SampleKey[] keys, Rows[] rows, long baseSecond) {
		this.started = started;
		this.ended = ended;
		this.readable = readable;
		this.frames = frames;
		this.parents = parents;
		this.nodeFrames = nodeFrames;
		this.nodeTypes = nodeTypes;
		this.keys = keys;
		this.rows = rows;
		this.baseSecond = baseSecond;
		this.bytes = estimateBytes();
	}

	/**
	 * Aggregates one window. A recording that cannot be read (cut short by a full disk, say) gives an empty
	 * profile marked unreadable: one bad window must not take every view down with it.
	 */
	public static WindowProfile of(ProfileWindow window) {
		Path file = null;
		try {
			Builder builder = new Builder(window);
			file = Files.createTempFile("pyroscope-window", ".jfr");
			try (OutputStream out = Files.newOutputStream(file)) {
				window.writeJfrTo(out);
			}
			try (RecordingFile recording = new RecordingFile(file)) {
				while (recording.hasMoreEvents()) {
					builder.add(recording.readEvent());
				}
			}
			return builder.build();
		}
		catch (IOException | RuntimeException ex) {
			return new WindowProfile(window.started(), window.ended(), false, new String[0], new int[] { -1 },
					new int[] { -1 }, new byte[] { 0 }, new SampleKey[0], new Rows[ProfileType.values().length],
					window.started().getEpochSecond());
		}
		finally {
			deleteQuietly(file);
		}
	}

	public Instant started() {
		return this.started;
	}

	public Instant ended() {
		return this.ended;
	}

	/** Whether the recording could be read; an unreadable window has no samples. */
	public boolean readable() {
		return this.readable;
	}

	/** The rows of one profile type; none when the window has no samples of it. */
	public @Nullable Rows rows(ProfileType type) {
		return this.rows[type.ordinal()];
	}

	/** The distinct sample keys; rows refer to them by index. */
	public List<SampleKey> keys() {
		return List.of(this.keys);
	}

	/** How many stack nodes the window's trie holds; node 0 is the root, which stands for no frame. */
	public int nodes() {
		return this.parents.length;
	}

	/** The parent of a node, or -1 for the root. */
	public int parent(int node) {
		return this.parents[node];
	}

	/** The frame name of a node other than the root. */
	public String frame(int node) {
		return this.frames[this.nodeFrames[node]];
	}

	/** The frame type of a node, numbered as jfr-converter's {@code Frame.TYPE_*}. */
	public byte frameType(int node) {
		return this.nodeTypes[node];
	}

	/** The epoch second a row's second counts from. */
	public long epochSecond(int second) {
		return this.baseSecond + second;
	}

	/** Heap bytes this aggregate holds, but for the frame names, which the store counts once for all windows. */
	public long bytes() {
		return this.bytes;
	}

	String[] frameNames() {
		return this.frames;
	}

	// Estimates with compressed references: 16-byte array headers, 4-byte references.
	private long estimateBytes() {
		long total = 64 + 16 + 4L * this.frames.length;
		total += 3 * 16 + 9L * this.parents.length;
		total += 16 + 4L * this.keys.length;
		Map<Map<String, String>, Boolean> counted = new IdentityHashMap<>();
		for (SampleKey key : this.keys) {
			total += 48;
			if (counted.put(key.labels(), Boolean.TRUE) == null) {
				total += 48;
				for (Map.Entry<String, String> label : key.labels().entrySet()) {
					total += 32 + 48 + label.getKey().length() + label.getValue().length();
				}
			}
		}
		for (Rows typeRows : this.rows) {
			if (typeRows != null) {
				total += 32 + 4 * 16 + 20L * typeRows.size();
			}
		}
		return total;
	}

	private static void deleteQuietly(@Nullable Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				file.toFile().deleteOnExit();
			}
		}
	}

	/**
	 * What a sample is filtered by: the dynamic labels of its context (shared between the keys of one context),
	 * and the span it was taken in (0 when none).
	 *
	 * @param labels the labels of the sample's context
	 * @param spanId the span's id, or 0
	 * @param traceIdHigh high half of the trace id, or 0
	 * @param traceIdLow low half of the trace id, or 0
	 * @param spanName the span's name as the profiler recorded it, or null
	 */
	public record SampleKey(Map<String, String> labels, long spanId, long traceIdHigh, long traceIdLow,
			@Nullable String spanName) {
	}

	/** The rows of one profile type: parallel arrays, one entry per distinct (stack, key, second). */
	public static final class Rows {

		private final int[] nodes;

		private final int[] keys;

		private final int[] seconds;

		private final int[] samples;

		private final long[] weights;

		Rows(int[] nodes, int[] keys, int[] seconds, int[] samples, long[] weights) {
			this.nodes = nodes;
			this.keys = keys;
			this.seconds = seconds;
			this.samples = samples;
			this.weights = weights;
		}

		public int size() {
			return this.nodes.length;
		}

		/** The leaf of the row's stack in the window's trie. */
		public int node(int row) {
			return this.nodes[row];
		}

		/** The row's sample key, an index into {@link WindowProfile#keys()}. */
		public int key(int row) {
			return this.keys[row];
		}

		/** The second its samples were taken in, for {@link WindowProfile#epochSecond(int)}. */
		public int second(int row) {
			return this.seconds[row];
		}

		/** How many samples it sums. */
		public int samples(int row) {
			return this.samples[row];
		}

		/** Their summed weight, in the profile type's unit. */
		public long weight(int row) {
			return this.weights[row];
		}

	}

	/** Builds one window's aggregate while its events are read. */
	private static final class Builder {

		private final Instant started;

		private final Instant ended;

		private final long baseSecond;

		private final Map<Long, Map<String, String>> contexts;

		private final Map<Long, String> strings;

		private final List<String> frames = new ArrayList<>();

		private final Map<String, Integer> frameIndex = new HashMap<>();

		private final Map<RecordedMethod, Integer> methodFrames = new IdentityHashMap<>();

		private final Map<RecordedStackTrace, Integer> stackNodes = new IdentityHashMap<>();

		private final Map<Long, Integer> children = new HashMap<>();

		private int[] parents = new int[256];

		private int[] nodeFrames = new int[256];

		private byte[] nodeTypes = new byte[256];

		private int nodeCount = 1;

		private boolean wallClockIsTheEvent;

		private final Map<SampleKey, Integer> keyIndex = new HashMap<>();

		private final List<SampleKey> keys = new ArrayList<>();

		private final List<Map<RowKey, long[]>> rows = new ArrayList<>();

		Builder(ProfileWindow window) {
			this.started = window.started();
			this.ended = window.ended();
			this.baseSecond = window.started().getEpochSecond();
			this.contexts = WindowLabels.contexts(window.labels());
			this.strings = WindowLabels.strings(window.labels());
			this.parents[0] = -1;
			this.nodeFrames[0] = -1;
			for (int i = 0; i < ProfileType.values().length; i++) {
				this.rows.add(new HashMap<>());
			}
		}

		void add(RecordedEvent event) {
			if (event.getEventType().getName().equals("jdk.ActiveSetting")) {
				// async-profiler's settings come first: whether wall-clock time is the main event.
				if ("event".equals(event.getString("name"))) {
					this.wallClockIsTheEvent = "wall".equals(event.getString("value"));
				}
				return;
			}
			RecordedStackTrace trace = null;
			int node = -1;
			int key = -1;
			int second = 0;
			for (ProfileType type : ProfileType.values()) {
				if (!type.counts(event, this.wallClockIsTheEvent)) {
					continue;
				}
				if (trace == null) {
					trace = event.getStackTrace();
					if (trace == null) {
						return;
					}
					node = classFrame(event, this.stackNodes.computeIfAbsent(trace, this::stackNode));
					key = key(event);
					second = (int) (event.getStartTime().getEpochSecond() - this.baseSecond);
				}
				long[] sums = this.rows.get(type.ordinal())
					.computeIfAbsent(new RowKey(node, key, second), (row) -> new long[2]);
				sums[0]++;
				sums[1] += type.weight(event);
			}
		}

		private int stackNode(RecordedStackTrace trace) {
			List<RecordedFrame> recorded = trace.getFrames();
			int node = 0;
			for (int i = recorded.size() - 1; i >= 0; i--) {
				RecordedFrame frame = recorded.get(i);
				byte type = frameType(frame.getType());
				RecordedMethod method = frame.getMethod();
				int name = this.methodFrames.computeIfAbsent(method, (m) -> frame(frameName(m, type)));
				node = child(node, name, type);
			}
			return node;
		}

		// Allocation and lock flame graphs end with the class allocated or waited on, as async-profiler draws them.
		private int classFrame(RecordedEvent event, int node) {
			String eventName = event.getEventType().getName();
			String field = switch (eventName) {
				case "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB" -> "objectClass";
				case "jdk.JavaMonitorEnter" -> "monitorClass";
				case "jdk.ThreadPark" -> "parkedClass";
				default -> null;
			};
			if (field != null && event.hasField(field) && event.getValue(field) instanceof RecordedClass recordedClass) {
				byte type = "jdk.ObjectAllocationOutsideTLAB".equals(eventName) ? KERNEL : INLINED;
				return child(node, frame(recordedClass.getName()), type);
			}
			return node;
		}

		private int frame(String name) {
			return this.frameIndex.computeIfAbsent(name, (key) -> {
				this.frames.add(key);
				return this.frames.size() - 1;
			});
		}

		private int child(int parent, int frame, byte type) {
			long edge = ((long) parent << 32) | ((long) frame << 3) | type;
			Integer existing = this.children.get(edge);
			if (existing != null) {
				return existing;
			}
			if (this.nodeCount == this.parents.length) {
				int size = this.nodeCount * 2;
				this.parents = Arrays.copyOf(this.parents, size);
				this.nodeFrames = Arrays.copyOf(this.nodeFrames, size);
				this.nodeTypes = Arrays.copyOf(this.nodeTypes, size);
			}
			int node = this.nodeCount++;
			this.parents[node] = parent;
			this.nodeFrames[node] = frame;
			this.nodeTypes[node] = type;
			this.children.put(edge, node);
			return node;
		}

		private int key(RecordedEvent event) {
			long contextId = event.hasField("contextId") ? event.getLong("contextId") : 0;
			Map<String, String> labels = this.contexts.getOrDefault(contextId, Map.of());
			long spanId = event.hasField("spanId") ? event.getLong("spanId") : 0;
			long high = 0;
			long low = 0;
			String spanName = null;
			if (spanId != 0) {
				high = event.hasField("traceIdHi") ? event.getLong("traceIdHi") : 0;
				low = event.hasField("traceIdLo") ? event.getLong("traceIdLo") : 0;
				spanName = event.hasField("spanName") ? this.strings.get(event.getLong("spanName")) : null;
			}
			SampleKey key = new SampleKey(labels, spanId, high, low, spanName);
			return this.keyIndex.computeIfAbsent(key, (k) -> {
				this.keys.add(k);
				return this.keys.size() - 1;
			});
		}

		WindowProfile build() {
			Rows[] built = new Rows[this.rows.size()];
			for (int type = 0; type < built.length; type++) {
				Map<RowKey, long[]> typeRows = this.rows.get(type);
				if (typeRows.isEmpty()) {
					continue;
				}
				int size = typeRows.size();
				int[] nodes = new int[size];
				int[] keys = new int[size];
				int[] seconds = new int[size];
				int[] samples = new int[size];
				long[] weights = new long[size];
				int i = 0;
				for (Map.Entry<RowKey, long[]> row : typeRows.entrySet()) {
					nodes[i] = row.getKey().node();
					keys[i] = row.getKey().key();
					seconds[i] = row.getKey().second();
					samples[i] = (int) Math.min(Integer.MAX_VALUE, row.getValue()[0]);
					weights[i] = row.getValue()[1];
					i++;
				}
				built[type] = new Rows(nodes, keys, seconds, samples, weights);
			}
			int nodes = this.nodeCount;
			return new WindowProfile(this.started, this.ended, true, this.frames.toArray(new String[0]),
					Arrays.copyOf(this.parents, nodes), Arrays.copyOf(this.nodeFrames, nodes),
					Arrays.copyOf(this.nodeTypes, nodes), this.keys.toArray(new SampleKey[0]), built,
					this.baseSecond);
		}

		private static String frameName(RecordedMethod method, byte frameType) {
			boolean nativeCode = frameType == NATIVE || frameType == CPP || frameType == KERNEL;
			// For native code the "class" is the library's name: jfr-converter leaves it out too.
			if (nativeCode || method.getType() == null || method.getType().getName().isEmpty()) {
				return method.getName();
			}
			return method.getType().getName() + "." + method.getName();
		}

		// The frame type names async-profiler writes, as jfr-converter's colours know them.
		private static byte frameType(@Nullable String name) {
			if (name == null) {
				return JIT_COMPILED;
			}
			return switch (name) {
				case "Interpreted" -> INTERPRETED;
				case "Inlined" -> INLINED;
				case "Native" -> NATIVE;
				case "C++" -> CPP;
				case "Kernel" -> KERNEL;
				case "C1 compiled" -> C1_COMPILED;
				default -> JIT_COMPILED;
			};
		}

	}

	private record RowKey(int node, int key, int second) {
	}

}

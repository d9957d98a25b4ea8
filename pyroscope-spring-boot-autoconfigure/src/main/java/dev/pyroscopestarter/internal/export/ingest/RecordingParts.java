package dev.pyroscopestarter.internal.export.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pyroscopestarter.export.ProfileWindow;
import org.jspecify.annotations.Nullable;

/**
 * Splits a recording that mixes wall-clock samples with other samples into one recording per upload, the way
 * Pyroscope's server reads right.
 * <p>
 * The server's JFR parser (grafana/jfr-parser, pprof/parser.go) weighs CPU and wall samples with the upload's one
 * {@code sampleRate}, and keeps the {@code samples} count of the last {@code profiler.WallClockSample} as the weight
 * of every CPU, allocation and lock event that follows it. A recording holding both kinds is therefore uploaded as
 * two: without its wall-clock samples, at the CPU rate; and with no other samples but them, at the wall-clock rate
 * that the recording's own {@code wall} setting names. Everything else (settings, constant pools, metadata) stays
 * in both.
 * <p>
 * Works on the JFR bytes: each chunk's metadata gives the event type ids; events are copied but the dropped kinds;
 * the chunk header's size and offsets and the checkpoints' back references are moved by what was dropped.
 */
final class RecordingParts {

	static final String WALL_CLOCK_SAMPLE = "profiler.WallClockSample";

	/** What the server turns into profiles besides wall-clock samples (pprof/parser.go). */
	static final Set<String> OTHER_SAMPLES = Set.of("jdk.ExecutionSample", "jdk.ObjectAllocationInNewTLAB",
			"jdk.ObjectAllocationOutsideTLAB", "jdk.ObjectAllocationSample", "jdk.JavaMonitorEnter", "jdk.ThreadPark",
			"profiler.LiveObject", "profiler.Malloc");

	private static final String ACTIVE_SETTING = "jdk.ActiveSetting";

	private static final int HEADER_SIZE = 68;

	private static final long METADATA_TYPE = 0;

	private static final long CHECKPOINT_TYPE = 1;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private RecordingParts() {
	}

	/**
	 * The uploads a window needs: the window itself, as the agent would upload it, unless its recording holds
	 * wall-clock samples; then one window per part, with the same times and labels. Reads the recording in place:
	 * only the parts it cuts out are new bytes.
	 */
	static List<ProfileWindow> uploads(ProfileWindow window) {
		ByteBuffer jfr = window.jfrBuffer();
		long sampleRate = window.sampleRate();
		Scan scan;
		try {
			scan = new Reader(jfr).scan();
		}
		catch (RuntimeException ex) {
			// A recording this cannot read is left whole.
			return List.of(window);
		}
		long wallRate = scan.wallSampleRate();
		if (!scan.wallSamples || wallRate <= 0) {
			return List.of(window);
		}
		if (!scan.otherSamples) {
			// Only wall-clock samples (a window in which no thread ran): weighed at the wall-clock rate.
			return (wallRate == sampleRate) ? List.of(window) : List.of(part(window, window.jfr(), wallRate));
		}
		try {
			return List.of(part(window, new Reader(jfr).without(Set.of(WALL_CLOCK_SAMPLE)), sampleRate),
					part(window, new Reader(jfr).without(OTHER_SAMPLES), wallRate));
		}
		catch (RuntimeException ex) {
			return List.of(window);
		}
	}

	private static ProfileWindow part(ProfileWindow window, byte[] jfr, long sampleRate) {
		return new ProfileWindow(window.started(), window.ended(), window.units(), window.aggregationType(),
				sampleRate, jfr, window.labels());
	}

	/** What a recording holds, as far as the split goes. */
	private static final class Scan {

		boolean wallSamples;

		boolean otherSamples;

		final Map<String, String> settings = new HashMap<>();

		/** From the {@code wall} setting, or {@code interval} when the main event is wall-clock itself. */
		long wallSampleRate() {
			String interval = "wall".equals(this.settings.get("event")) ? this.settings.get("interval")
					: this.settings.get("wall");
			try {
				long nanos = (interval != null) ? Long.parseLong(interval.trim()) : 0;
				return (nanos > 0 && nanos <= NANOS_PER_SECOND) ? NANOS_PER_SECOND / nanos : 0;
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

	}

	/** A field of an event type, as the chunk's metadata describes it. */
	private record Field(String name, long typeId, boolean constantPool, boolean array) {

	}

	/** An event type: its name and fields in the order they are written. */
	private record Type(String name, List<Field> fields) {

	}

	private static final class Reader {

		private final ByteBuffer jfr;

		private final int length;

		private int position;

		Reader(ByteBuffer jfr) {
			this.jfr = jfr;
			this.length = jfr.limit();
		}

		Scan scan() {
			Scan scan = new Scan();
			for (int chunk = 0; chunk < this.length;) {
				long size = chunkSize(chunk);
				Map<Long, Type> types = types(chunk);
				int end = (int) (chunk + size);
				this.position = chunk + HEADER_SIZE;
				while (this.position < end) {
					int start = this.position;
					long eventSize = eventSize(end);
					Type type = types.get(varLong());
					if (type != null) {
						if (WALL_CLOCK_SAMPLE.equals(type.name())) {
							scan.wallSamples = true;
						}
						else if (OTHER_SAMPLES.contains(type.name())) {
							scan.otherSamples = true;
						}
						else if (ACTIVE_SETTING.equals(type.name())) {
							readSetting(type, types, scan.settings);
						}
					}
					this.position = (int) (start + eventSize);
				}
				chunk = end;
			}
			return scan;
		}

		/** The recording without the events of the named types. */
		byte[] without(Set<String> dropped) {
			ByteBuffer out = ByteBuffer.allocate(this.length);
			for (int chunk = 0; chunk < this.length;) {
				long size = chunkSize(chunk);
				Map<Long, Type> types = types(chunk);
				Set<Long> droppedIds = new HashSet<>();
				types.forEach((id, type) -> {
					if (dropped.contains(type.name())) {
						droppedIds.add(id);
					}
				});
				int outChunk = out.position();
				out.put(this.jfr.slice(chunk, HEADER_SIZE));
				Map<Long, Long> moved = new HashMap<>();
				List<int[]> checkpoints = new ArrayList<>();
				int end = (int) (chunk + size);
				this.position = chunk + HEADER_SIZE;
				while (this.position < end) {
					int start = this.position;
					long eventSize = eventSize(end);
					long typeId = varLong();
					this.position = (int) (start + eventSize);
					if (typeId != METADATA_TYPE && typeId != CHECKPOINT_TYPE && droppedIds.contains(typeId)) {
						continue;
					}
					moved.put((long) (start - chunk), (long) (out.position() - outChunk));
					if (typeId == CHECKPOINT_TYPE) {
						checkpoints.add(new int[] { start - chunk, out.position() - outChunk });
					}
					out.put(this.jfr.slice(start, (int) eventSize));
				}
				long newSize = out.position() - outChunk;
				out.putLong(outChunk + 8, newSize);
				out.putLong(outChunk + 16, movedOffset(moved, chunk, 16));
				out.putLong(outChunk + 24, movedOffset(moved, chunk, 24));
				for (int[] checkpoint : checkpoints) {
					moveBackReference(out.array(), outChunk, checkpoint[0], checkpoint[1], moved);
				}
				chunk = end;
			}
			byte[] result = new byte[out.position()];
			System.arraycopy(out.array(), 0, result, 0, result.length);
			return result;
		}

		private long movedOffset(Map<Long, Long> moved, int chunk, int headerField) {
			long offset = this.jfr.getLong(chunk + headerField);
			Long to = moved.get(offset);
			if (to == null) {
				throw new IllegalStateException("no event at offset " + offset);
			}
			return to;
		}

		// A checkpoint names the one before it by its distance back, a varlong after its start time and duration;
		// it is rewritten in the same number of bytes (a distance that shrinks fits in the bytes it had).
		private void moveBackReference(byte[] out, int outChunk, long oldOffset, long newOffset, Map<Long, Long> moved) {
			Reader reader = new Reader(ByteBuffer.wrap(out));
			reader.position = (int) (outChunk + newOffset);
			reader.varLong();
			reader.varLong();
			reader.varLong();
			reader.varLong();
			int deltaAt = reader.position;
			long delta = reader.varLong();
			if (delta == 0) {
				return;
			}
			Long target = moved.get(oldOffset + delta);
			if (target == null) {
				throw new IllegalStateException("checkpoint refers to no checkpoint");
			}
			writeVarLong(out, deltaAt, reader.position - deltaAt, target - newOffset);
		}

		private static void writeVarLong(byte[] out, int at, int length, long value) {
			for (int i = 0; i < length; i++) {
				long bits = value >>> (7 * i);
				if (i == 8) {
					out[at + i] = (byte) bits;
				}
				else {
					out[at + i] = (byte) ((i == length - 1) ? (bits & 0x7F) : ((bits & 0x7F) | 0x80));
				}
			}
			if (length < 9 && (value >>> (7 * length)) != 0) {
				throw new IllegalStateException("back reference does not fit");
			}
		}

		private long chunkSize(int chunk) {
			ByteBuffer header = this.jfr;
			if (this.length - chunk < HEADER_SIZE || header.getInt(chunk) != 0x464C5200) {
				throw new IllegalStateException("not a JFR chunk");
			}
			long size = header.getLong(chunk + 8);
			if ((header.getInt(chunk + 64) & 1) == 0) {
				throw new IllegalStateException("integers not compressed");
			}
			if (size < HEADER_SIZE || size > this.length - chunk) {
				throw new IllegalStateException("chunk cut short");
			}
			return size;
		}

		private long eventSize(int end) {
			int start = this.position;
			long size = varLong();
			if (size <= 0 || size > end - start) {
				throw new IllegalStateException("bad event size at " + start);
			}
			return size;
		}

		// The chunk's metadata event: a string table, then a tree of elements; classes carry name and id, and
		// their fields name, type id, and whether they refer to a constant pool or hold an array.
		private Map<Long, Type> types(int chunk) {
			long metadataOffset = this.jfr.getLong(chunk + 24);
			this.position = (int) (chunk + metadataOffset);
			varLong();
			if (varLong() != METADATA_TYPE) {
				throw new IllegalStateException("no metadata");
			}
			varLong();
			varLong();
			varLong();
			int count = (int) varLong();
			String[] strings = new String[count];
			for (int i = 0; i < count; i++) {
				String text = string();
				strings[i] = (text != null) ? text : "";
			}
			Map<Long, Type> types = new HashMap<>();
			element(strings, types, null);
			return types;
		}

		private void element(String[] strings, Map<Long, Type> types, @Nullable List<Field> fields) {
			String name = strings[(int) varLong()];
			int attributeCount = (int) varLong();
			Map<String, String> attributes = new HashMap<>();
			for (int i = 0; i < attributeCount; i++) {
				attributes.put(strings[(int) varLong()], strings[(int) varLong()]);
			}
			List<Field> childFields = null;
			if ("class".equals(name)) {
				childFields = new ArrayList<>();
				types.put(Long.parseLong(attribute(attributes, "id")), new Type(attribute(attributes, "name"), childFields));
			}
			else if ("field".equals(name) && fields != null) {
				fields.add(new Field(attribute(attributes, "name"), Long.parseLong(attribute(attributes, "class")),
						"true".equals(attributes.get("constantPool")), attributes.containsKey("dimension")));
			}
			int children = (int) varLong();
			for (int i = 0; i < children; i++) {
				element(strings, types, childFields);
			}
		}

		private static String attribute(Map<String, String> attributes, String name) {
			String value = attributes.get(name);
			if (value == null) {
				throw new IllegalStateException("metadata element without '" + name + "'");
			}
			return value;
		}

		// async-profiler writes its settings' names and values inline; a setting this cannot read is skipped.
		private void readSetting(Type setting, Map<Long, Type> types, Map<String, String> settings) {
			String name = null;
			String value = null;
			for (Field field : setting.fields()) {
				Type type = types.get(field.typeId());
				String typeName = (type != null) ? type.name() : "";
				if (field.array()) {
					return;
				}
				if (field.constantPool()) {
					varLong();
				}
				else if ("java.lang.String".equals(typeName)) {
					String text = string();
					if ("name".equals(field.name())) {
						name = text;
					}
					else if ("value".equals(field.name())) {
						value = text;
					}
				}
				else if (Set.of("long", "int", "short", "char").contains(typeName)) {
					varLong();
				}
				else if ("byte".equals(typeName) || "boolean".equals(typeName)) {
					this.position++;
				}
				else if ("float".equals(typeName)) {
					this.position += 4;
				}
				else if ("double".equals(typeName)) {
					this.position += 8;
				}
				else {
					return;
				}
			}
			if (name != null && value != null) {
				settings.put(name, value);
			}
		}

		private @Nullable String string() {
			int encoding = this.jfr.get(this.position++);
			switch (encoding) {
				case 0:
					return null;
				case 1:
					return "";
				case 2:
					varLong();
					return null;
				case 3, 5: {
					int length = (int) varLong();
					byte[] bytes = new byte[length];
					this.jfr.get(this.position, bytes);
					String text = new String(bytes, (encoding == 3) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
					this.position += length;
					return text;
				}
				case 4: {
					int length = (int) varLong();
					StringBuilder text = new StringBuilder(length);
					for (int i = 0; i < length; i++) {
						text.append((char) varLong());
					}
					return text.toString();
				}
				default:
					throw new IllegalStateException("unknown string encoding " + encoding);
			}
		}

		private long varLong() {
			long value = 0;
			for (int shift = 0; shift <= 56; shift += 7) {
				int b = this.jfr.get(this.position++) & 0xFF;
				if (shift == 56) {
					return value | ((long) b << shift);
				}
				value |= (long) (b & 0x7F) << shift;
				if (b < 0x80) {
					return value;
				}
			}
			return value;
		}

	}

}

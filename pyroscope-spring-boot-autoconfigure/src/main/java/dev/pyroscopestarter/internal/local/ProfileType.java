package dev.pyroscopestarter.internal.local;

import java.util.Locale;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;

/**
 * The kinds of flame graph a recording can give, each from its own JFR events and weighed in its own unit.
 */
public enum ProfileType {

	/**
	 * CPU samples, weighed by count; with {@code pyroscope.profiler.event=wall}, the wall-clock samples of running
	 * threads (as the Pyroscope server derives CPU from them).
	 */
	CPU("samples", Set.of("jdk.ExecutionSample", "profiler.WallClockSample")) {

		@Override
		boolean takes(RecordedEvent event, boolean wallClockIsTheEvent) {
			if (event.getEventType().getName().equals(WALL_CLOCK_SAMPLE)) {
				return wallClockIsTheEvent && "STATE_RUNNABLE".equals(event.getString("state"));
			}
			return true;
		}

		@Override
		long weight(RecordedEvent event) {
			return samples(event);
		}

	},

	/**
	 * Wall-clock samples (with {@code pyroscope.profiler.wall-clock.enabled} or {@code event=wall}) of running and
	 * waiting threads alike, weighed by count: one sample stands for one wall-clock interval.
	 */
	WALL("samples", Set.of("profiler.WallClockSample", "jdk.ExecutionSample")) {

		@Override
		boolean takes(RecordedEvent event, boolean wallClockIsTheEvent) {
			return event.getEventType().getName().equals(WALL_CLOCK_SAMPLE) || wallClockIsTheEvent;
		}

		@Override
		long weight(RecordedEvent event) {
			return samples(event);
		}

	},

	/** Allocation samples (with {@code pyroscope.profiler.allocation-threshold}), weighed in bytes. */
	ALLOC("bytes", Set.of("jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB")) {

		@Override
		long weight(RecordedEvent event) {
			// As Pyroscope counts them: a sample in a new TLAB stands for the TLAB's size.
			String size = event.hasField("tlabSize") ? "tlabSize" : "allocationSize";
			return Math.max(1, event.getLong(size));
		}

	},

	/** Lock waits (with {@code pyroscope.profiler.lock-threshold}), weighed in nanoseconds waited. */
	LOCK("nanoseconds", Set.of("jdk.JavaMonitorEnter", "jdk.ThreadPark")) {

		@Override
		long weight(RecordedEvent event) {
			return Math.max(1, event.getDuration().toNanos());
		}

	};

	private static final String WALL_CLOCK_SAMPLE = "profiler.WallClockSample";

	private final String unit;

	private final Set<String> eventNames;

	ProfileType(String unit, Set<String> eventNames) {
		this.unit = unit;
		this.eventNames = eventNames;
	}

	/** The type named by a request parameter: {@code cpu}, {@code wall}, {@code alloc} or {@code lock}, in any case. */
	public static ProfileType named(String name) {
		for (ProfileType type : values()) {
			if (type.name().equalsIgnoreCase(name.trim())) {
				return type;
			}
		}
		throw new IllegalArgumentException("unknown profile type '" + name + "'; use cpu, wall, alloc or lock");
	}

	/**
	 * Whether an event counts in this type's flame graph.
	 * @param wallClockIsTheEvent whether the recording's main event is wall-clock time ({@code event=wall})
	 */
	final boolean counts(RecordedEvent event, boolean wallClockIsTheEvent) {
		return this.eventNames.contains(event.getEventType().getName()) && takes(event, wallClockIsTheEvent);
	}

	boolean takes(RecordedEvent event, boolean wallClockIsTheEvent) {
		return true;
	}

	// A wall-clock sample stands for as many intervals as it says (an idle thread's are batched).
	private static long samples(RecordedEvent event) {
		return event.hasField("samples") ? Math.max(1, event.getLong("samples")) : 1;
	}

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** What the flame graph's widths count. */
	public String unit() {
		return this.unit;
	}

	abstract long weight(RecordedEvent event);

}

package dev.pyroscopestarter.internal.local;

import java.util.Locale;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import org.jspecify.annotations.Nullable;

/**
 * The kinds of flame graph a recording can give, each from its own JFR events and weighed in its own unit.
 */
public enum ProfileType {

	/** CPU (or wall clock) samples, weighed by count. */
	CPU("samples", Set.of("jdk.ExecutionSample", "profiler.WallClockSample")) {

		@Override
		long weight(RecordedEvent event) {
			return event.hasField("samples") ? Math.max(1, event.getLong("samples")) : 1;
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

	private final String unit;

	private final Set<String> eventNames;

	ProfileType(String unit, Set<String> eventNames) {
		this.unit = unit;
		this.eventNames = eventNames;
	}

	/** The type named by a request parameter: {@code cpu}, {@code alloc} or {@code lock}, in any case. */
	public static ProfileType named(String name) {
		for (ProfileType type : values()) {
			if (type.name().equalsIgnoreCase(name.trim())) {
				return type;
			}
		}
		throw new IllegalArgumentException("unknown profile type '" + name + "'; use cpu, alloc or lock");
	}

	/** The type whose flame graph an event belongs to, or null for events of none. */
	static @Nullable ProfileType of(String eventName) {
		for (ProfileType type : values()) {
			if (type.eventNames.contains(eventName)) {
				return type;
			}
		}
		return null;
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

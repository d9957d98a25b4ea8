package dev.pyroscopestarter.testsupport;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;

/**
 * What a Pyroscope server makes of uploads: the rules its JFR parser applies (grafana/jfr-parser v0.18.0, the version
 * grafana/pyroscope pins; pprof/parser.go and pprof/pprof.go),
 * applied to each upload as received, quirks included:
 * <ul>
 * <li>the query's {@code sampleRate} (100 when absent, not a number or negative; 0 stays 0) gives the one period,
 * {@code 1e9 / sampleRate} in integers, that every CPU and wall sample of the upload is weighed with;</li>
 * <li>events are read in file order; the {@code event} setting applies to the samples after it;</li>
 * <li>{@code jdk.ExecutionSample}: CPU unless its thread was sleeping; also wall when {@code event} is wall;</li>
 * <li>{@code profiler.WallClockSample}: sets the carried weight to its {@code samples}; wall; also CPU when running
 * and {@code event} is wall;</li>
 * <li>the carried weight is never reset: every CPU, allocation and lock event after a wall-clock sample counts
 * that sample's {@code samples} instead of one;</li>
 * <li>a sample's labels are those of its context id in the upload's labels part, plus {@code span_id} (16 hex
 * digits) and {@code span_name} from its span fields.</li>
 * </ul>
 * Totals are kept per profile ({@code process_cpu}, {@code wall}, {@code memory}, {@code mutex}) and label set, in
 * the profile's first value: nanoseconds for CPU and wall, counts for the others.
 */
public final class ServerProfiles {

	public static final String CPU = "process_cpu";

	public static final String WALL = "wall";

	public static final String MEMORY = "memory";

	public static final String MUTEX = "mutex";

	/** Native memory allocations: {@code memory} with sample types {@code malloc_objects}, {@code malloc_bytes}. */
	public static final String MALLOC = "memory:malloc";

	private static final long DEFAULT_SAMPLE_RATE = 100;

	private final Map<String, Map<Map<String, String>, Long>> totals = new TreeMap<>();

	private long carried;

	private ServerProfiles() {
	}

	public static ServerProfiles of(Iterable<IngestedProfile> uploads) {
		ServerProfiles profiles = new ServerProfiles();
		for (IngestedProfile upload : uploads) {
			profiles.add(upload);
		}
		return profiles;
	}

	/** The period the server weighs an upload's CPU and wall samples with, in nanoseconds. */
	public static long period(IngestedProfile upload) {
		long rate = sampleRate(upload.query("sampleRate"));
		return (rate == 0) ? 0 : 1_000_000_000L / rate;
	}

	static long sampleRate(String parameter) {
		if (parameter == null) {
			return DEFAULT_SAMPLE_RATE;
		}
		try {
			int rate = Integer.parseInt(parameter);
			return (rate < 0) ? DEFAULT_SAMPLE_RATE : rate;
		}
		catch (NumberFormatException ex) {
			return DEFAULT_SAMPLE_RATE;
		}
	}

	private void add(IngestedProfile upload) {
		long period = period(upload);
		String event = "";
		long weight = 1;
		for (RecordedEvent sample : upload.events()) {
			switch (sample.getEventType().getName()) {
				case "jdk.ActiveSetting" -> {
					if ("event".equals(sample.getString("name"))) {
						event = sample.getString("value");
					}
				}
				case "jdk.ExecutionSample" -> {
					String state = sample.getString("state");
					if (weight != 1) {
						this.carried++;
					}
					if (state != null && !state.equals("STATE_SLEEPING")) {
						add(CPU, labels(upload, sample), weight * period);
					}
					if (event.equals("wall")) {
						add(WALL, labels(upload, sample), weight * period);
					}
				}
				case "profiler.WallClockSample" -> {
					weight = sample.getLong("samples");
					if ("STATE_RUNNABLE".equals(sample.getString("state")) && event.equals("wall")) {
						add(CPU, labels(upload, sample), weight * period);
					}
					add(WALL, labels(upload, sample), weight * period);
				}
				case "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB" -> {
					if (weight != 1) {
						this.carried++;
					}
					add(MEMORY, labels(upload, sample), weight);
				}
				case "profiler.Malloc" -> {
					if (weight != 1) {
						this.carried++;
					}
					// No labels: the parser passes no context for malloc samples.
					add(MALLOC, Map.of(), weight);
				}
				case "jdk.JavaMonitorEnter" -> {
					if (weight != 1) {
						this.carried++;
					}
					add(MUTEX, labels(upload, sample), weight);
				}
				default -> {
				}
			}
		}
	}

	private static Map<String, String> labels(IngestedProfile upload, RecordedEvent sample) {
		Map<String, String> labels = new LinkedHashMap<>(upload.labelsOf(sample));
		long spanId = sample.hasField("spanId") ? sample.getLong("spanId") : 0;
		if (spanId != 0) {
			labels.put("span_id", String.format("%016x", spanId));
		}
		long spanName = sample.hasField("spanName") ? sample.getLong("spanName") : 0;
		if (spanName != 0 && upload.labels() != null) {
			String name = upload.labels().getStringsMap().get(spanName);
			if (name != null && !name.isEmpty()) {
				labels.put("span_name", name);
			}
		}
		return labels;
	}

	private void add(String profile, Map<String, String> labels, long value) {
		this.totals.computeIfAbsent(profile, (p) -> new HashMap<>()).merge(labels, value, Long::sum);
	}

	/** The total of one profile over the samples whose labels match. */
	public long total(String profile, Predicate<Map<String, String>> labels) {
		return this.totals.getOrDefault(profile, Map.of()).entrySet().stream()
			.filter((e) -> labels.test(e.getKey()))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	/** The total of one profile over the samples that carry exactly these labels. */
	public long total(String profile, Map<String, String> labels) {
		return total(profile, labels::equals);
	}

	/** Seconds of CPU or wall time the server stores for samples carrying exactly these labels. */
	public double seconds(String profile, Map<String, String> labels) {
		return total(profile, labels) / 1e9;
	}

	/** Events that took the weight a wall-clock sample before them left behind (the parser's carried values). */
	public long carried() {
		return this.carried;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		this.totals.forEach((profile, byLabels) -> byLabels.forEach((labels, value) -> text.append(profile)
			.append(' ')
			.append(labels)
			.append(" = ")
			.append(value)
			.append('\n')));
		return text.append("carried: ").append(this.carried).toString();
	}

}

package dev.pyroscopestarter.testsupport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;

/**
 * How the CPU samples of one piece of work were labelled across uploads, as Pyroscope would attribute them: each
 * sample's context id looked up in the labels part of the same upload.
 */
public final class LabelAttribution {

	private final String work;

	private final Map<String, String> expected;

	private final Map<Map<String, String>, Long> byLabels = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));

	private long total;

	private long exact;

	private LabelAttribution(String work, Map<String, String> expected) {
		this.work = work;
		this.expected = expected;
	}

	/** Samples with a frame of {@code className.methodName}, against the labels they should carry exactly. */
	public static LabelAttribution of(Iterable<IngestedProfile> uploads, String className, String methodName,
			Map<String, String> expected) {
		return of(uploads, IngestedProfile::executionSamples, className, methodName, expected);
	}

	/** As {@link #of(Iterable, String, String, Map)}, for the samples {@code samples} picks from each upload. */
	public static LabelAttribution of(Iterable<IngestedProfile> uploads,
			Function<IngestedProfile, List<RecordedEvent>> samples, String className, String methodName,
			Map<String, String> expected) {
		LabelAttribution attribution = new LabelAttribution(methodName, expected);
		Predicate<RecordedEvent> inWork = IngestedProfile.hasFrame(className, methodName);
		for (IngestedProfile upload : uploads) {
			for (RecordedEvent sample : samples.apply(upload)) {
				if (inWork.test(sample)) {
					Map<String, String> labels = upload.labelsOf(sample);
					attribution.total++;
					if (labels.equals(expected)) {
						attribution.exact++;
					}
					attribution.byLabels.merge(labels, 1L, Long::sum);
				}
			}
		}
		return attribution;
	}

	public long total() {
		return this.total;
	}

	/** Share of the samples that carry exactly the expected labels, 0 to 1. */
	public double exactShare() {
		return (this.total > 0) ? (double) this.exact / this.total : 0;
	}

	@Override
	public String toString() {
		return String.format("%s: %d samples, %.2f%% with exactly %s; by labels %s", this.work, this.total,
				100 * exactShare(), this.expected, this.byLabels);
	}

}

package dev.pyroscopestarter.profiler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.pyroscopestarter.export.LabelCardinality;
import io.pyroscope.labels.pb.JfrLabels.LabelsSnapshot;

/**
 * Counts the distinct values of each dynamic label in the profiler's most recent window: the labels of every
 * context that was open during it.
 */
public class LastWindowLabelCardinality implements LabelCardinality {

	private final PyroscopeProfiler profiler;

	public LastWindowLabelCardinality(PyroscopeProfiler profiler) {
		this.profiler = profiler;
	}

	@Override
	public Map<String, Integer> distinctValuesPerKey() {
		return count(this.profiler.lastWindowLabels());
	}

	static Map<String, Integer> count(LabelsSnapshot labels) {
		if (labels == null) {
			return Map.of();
		}
		Map<Long, String> strings = labels.getStringsMap();
		Map<String, Set<String>> values = new HashMap<>();
		labels.getContextsMap().values().forEach((context) -> context.getLabelsMap().forEach((key, value) -> {
			String name = strings.get(key);
			if (name != null) {
				values.computeIfAbsent(name, (n) -> new HashSet<>()).add(strings.getOrDefault(value, ""));
			}
		}));
		Map<String, Integer> counts = new TreeMap<>();
		values.forEach((name, distinct) -> counts.put(name, distinct.size()));
		return counts;
	}

}

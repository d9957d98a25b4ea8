package dev.pyroscopestarter.internal.profiler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.pyroscopestarter.internal.agent.WindowLabels;
import dev.pyroscopestarter.profiler.LabelCardinality;
import org.jspecify.annotations.Nullable;

/**
 * Counts the distinct values of each dynamic label in the profiler's most recent window: the labels of every
 * context that was open during it, read from the window's labels part (the profiler keeps nothing else of it).
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

	static Map<String, Integer> count(byte @Nullable [] snapshot) {
		if (snapshot == null) {
			return Map.of();
		}
		Map<String, Set<String>> values = new HashMap<>();
		WindowLabels.contexts(snapshot)
			.values()
			.forEach((labels) -> labels.forEach((name, value) -> values.computeIfAbsent(name, (n) -> new HashSet<>()).add(value)));
		Map<String, Integer> counts = new TreeMap<>();
		values.forEach((name, distinct) -> counts.put(name, distinct.size()));
		return counts;
	}

}

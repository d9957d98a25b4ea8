package dev.pyroscopestarter.internal.labels.support;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Labels known in advance (an annotation's literal values, a route), ready to be added to the current ones. The
 * last merge is remembered: calls made under the same outer labels, the common case, reuse it and its agent label
 * set without allocating.
 */
public final class FixedLabels extends PreparedLabels {

	private final String[] names;

	private final String[] values;

	private volatile @Nullable Merge last;

	/** @param labels checked names to fitted values (see {@link LabelRules}) */
	public FixedLabels(Map<String, String> labels) {
		Map<String, String> sorted = new TreeMap<>(labels);
		this.names = sorted.keySet().toArray(new String[0]);
		this.values = sorted.values().toArray(new String[0]);
	}

	/** {@code outer} with these labels added (they win for the same names). */
	@Override
	public LabelSet onto(LabelSet outer) {
		Merge merge = this.last;
		if (merge != null && merge.outer == outer) {
			return merge.merged;
		}
		LabelSet merged = outer.with(this.names, this.values, true);
		this.last = new Merge(outer, merged);
		return merged;
	}

	/**
	 * {@code outer} with these labels and then dynamic ones added.
	 * @param names sorted, distinct and checked
	 * @param values fitted and admitted ({@link LabelRules}); a null value adds nothing
	 */
	public LabelSet onto(LabelSet outer, String[] names, @Nullable String[] values) {
		return onto(outer).with(names, values, false);
	}

	private record Merge(LabelSet outer, LabelSet merged) {
	}

}

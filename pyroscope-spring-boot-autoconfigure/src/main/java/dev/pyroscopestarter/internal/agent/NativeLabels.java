package dev.pyroscopestarter.internal.agent;

import io.pyroscope.labels.v2.LabelsSet;

/**
 * A label set in the agent's form, built once and applied by every scope that uses it.
 */
public final class NativeLabels {

	final LabelsSet labels;

	/** @param pairs names and values, alternating, names sorted and distinct */
	public NativeLabels(String... pairs) {
		this.labels = new LabelsSet(pairs);
	}

}

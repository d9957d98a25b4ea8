package dev.pyroscopestarter.internal.labels.support;

/**
 * Labels made ready before a scope opens, merged onto the enclosing ones when it does: a checked {@link LabelSet},
 * or {@link FixedLabels} that keep their last merge. Sealed, so that the scope's one call site stays cheap.
 */
public abstract sealed class PreparedLabels permits LabelSet, FixedLabels {

	PreparedLabels() {
	}

	/** These labels added to {@code outer}, replacing values of the same names. */
	public abstract LabelSet onto(LabelSet outer);

}

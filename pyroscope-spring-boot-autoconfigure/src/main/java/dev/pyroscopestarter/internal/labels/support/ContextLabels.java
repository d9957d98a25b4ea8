package dev.pyroscopestarter.internal.labels.support;

import org.jspecify.annotations.Nullable;

/**
 * Labels carried by a context rather than by a thread: a Reactor {@code Context} or a context-propagation
 * snapshot holds a {@link LabelSet} (or a request's {@link PendingLabels}) under {@link #KEY}, applied to whichever
 * thread runs a piece of the work.
 */
public final class ContextLabels {

	/** The key labels are stored under, in a Reactor {@code Context} and a {@code ContextSnapshot}. */
	public static final String KEY = "pyroscope.labels";

	private ContextLabels() {
	}

	/** The labels of a value found under {@link #KEY}; empty for anything else. */
	public static LabelSet of(@Nullable Object value) {
		if (value instanceof LabelSet set) {
			return set;
		}
		return (value instanceof PendingLabels pending) ? pending.get() : LabelSet.EMPTY;
	}

}

package dev.pyroscopestarter.labels.support;

import org.jspecify.annotations.Nullable;

/**
 * Labels carried by a context rather than by a thread: a Reactor {@code Context} or a context-propagation
 * snapshot holds them under {@link #KEY}, and they are applied to whichever thread runs a piece of the work. The
 * value under the key is a {@link LabelSet}, or an instance of this class when the labels are completed while the
 * work runs: a reactive request's route is known only once its handler is found, after its context was written.
 */
public class ContextLabels {

	/** The key labels are stored under, in a Reactor {@code Context} and a {@code ContextSnapshot}. */
	public static final String KEY = "pyroscope.labels";

	private volatile LabelSet labels;

	public ContextLabels(LabelSet labels) {
		this.labels = labels;
	}

	/** The labels as they are now. */
	public LabelSet labels() {
		return this.labels;
	}

	/** Completes the labels: pieces of the work that run from now on carry these. */
	public void update(LabelSet labels) {
		this.labels = labels;
	}

	/** The labels of a value found under {@link #KEY}; empty for anything else. */
	public static LabelSet of(@Nullable Object value) {
		if (value instanceof LabelSet set) {
			return set;
		}
		if (value instanceof ContextLabels context) {
			return context.labels();
		}
		return LabelSet.EMPTY;
	}

}

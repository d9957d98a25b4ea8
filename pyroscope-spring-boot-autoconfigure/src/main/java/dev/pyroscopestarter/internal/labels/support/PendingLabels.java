package dev.pyroscopestarter.internal.labels.support;

/**
 * The labels of one request, known only once its handler is found, held in the request's Reactor {@code Context}
 * from its first filter on. Reactor's automatic context propagation restores thread-locals from the Context of
 * whichever part of the chain runs (the server subscribing the response body, a timer, {@code publishOn}); through
 * this holder every such part gets the request's labels, and none before they are known.
 */
public final class PendingLabels {

	private volatile LabelSet labels = LabelSet.EMPTY;

	/** The request's labels: none until {@link #set} is called. */
	public LabelSet get() {
		return this.labels;
	}

	/** Called where the request's labels are made. */
	public void set(LabelSet labels) {
		this.labels = labels;
	}

	@Override
	public String toString() {
		return "PendingLabels" + this.labels;
	}

}

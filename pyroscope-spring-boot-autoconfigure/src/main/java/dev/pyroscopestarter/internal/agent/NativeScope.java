package dev.pyroscopestarter.internal.agent;

import io.pyroscope.labels.v2.ScopedContext;

/**
 * A label context registered for one scope: its samples carry {@link #id()} until it is closed, after which the
 * agent reports it once more and forgets it.
 */
public final class NativeScope {

	private final ScopedContext context;

	private final long id;

	NativeScope(ScopedContext context, long id) {
		this.context = context;
		this.id = id;
	}

	/** The context id; 0 when it was opened while the agent was not running. */
	public long id() {
		return this.id;
	}

	/** Makes the context id given when it was opened current again, and lets the agent forget this one. */
	public void close() {
		this.context.close();
	}

}

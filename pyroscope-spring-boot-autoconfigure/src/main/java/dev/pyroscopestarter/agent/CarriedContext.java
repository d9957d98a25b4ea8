package dev.pyroscopestarter.agent;

/**
 * What the profiler should see on whichever carrier a virtual thread runs: its label context id and its span.
 * Written only by the virtual thread itself, read by the mount and unmount hooks on that same virtual thread, so
 * plain fields suffice.
 */
public final class CarriedContext {

	long contextId;

	long spanId;

	long spanNameId;

	long traceIdHigh;

	long traceIdLow;

	CarriedContext() {
	}

	/** Records the label context id just set on the carrier (0: none). */
	public void contextId(long contextId) {
		this.contextId = contextId;
	}

	void span(long spanId, long spanNameId) {
		this.spanId = spanId;
		this.spanNameId = spanNameId;
	}

	void traceId(long high, long low) {
		this.traceIdHigh = high;
		this.traceIdLow = low;
	}

}

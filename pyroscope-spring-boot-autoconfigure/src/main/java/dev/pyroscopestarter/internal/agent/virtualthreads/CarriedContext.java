package dev.pyroscopestarter.internal.agent.virtualthreads;

import org.jspecify.annotations.Nullable;

/**
 * What the profiler should see on whichever carrier a virtual thread runs: its label context id and its span. Also,
 * per carrier, what the carrier's native contexts hold. Written and read only on the thread it belongs to (a
 * virtual thread and its hooks, or whatever runs on the carrier), so plain fields suffice.
 */
public final class CarriedContext {

	long contextId;

	long spanId;

	long spanNameId;

	long traceIdHigh;

	long traceIdLow;

	/** For a carrier's record: the {@link CarrierContexts} epoch in which it was last known right. */
	long epoch;

	/** For a virtual thread's record: the record of the carrier it is mounted on, if that has one. */
	@Nullable CarriedContext mountedOn;

	CarriedContext() {
	}

	/** Records the label context id just set on the carrier (0: none). */
	public void contextId(long contextId) {
		this.contextId = contextId;
		CarrierContexts.carrierHolds(this);
	}

	/** Records the span just set on the carrier (0: none). */
	public void span(long spanId, long spanNameId) {
		this.spanId = spanId;
		this.spanNameId = spanNameId;
		CarrierContexts.carrierHolds(this);
	}

	/** Records the trace id just set on the carrier (0: none). */
	public void traceId(long high, long low) {
		this.traceIdHigh = high;
		this.traceIdLow = low;
		CarrierContexts.carrierHolds(this);
	}

	void copy(CarriedContext other, long epoch) {
		this.contextId = other.contextId;
		this.spanId = other.spanId;
		this.spanNameId = other.spanNameId;
		this.traceIdHigh = other.traceIdHigh;
		this.traceIdLow = other.traceIdLow;
		this.epoch = epoch;
	}

}

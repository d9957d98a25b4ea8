package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.util.ArrayList;
import java.util.List;

import dev.pyroscopestarter.internal.agent.engine.NativeContextSetter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The mount and unmount hooks' logic, on records and a setter that records the native calls, so that it runs on any
 * JDK and without an agent: what a mount sets, what an unmount keeps or clears, and when everything is set again.
 */
class CarrierContextsTest {

	private final Calls calls = new Calls();

	private final FakeRecords records = new FakeRecords();

	private final CarrierContexts.Hooks hooks = CarrierContexts.hooks(this.calls, this.records);

	@BeforeEach
	@AfterEach
	void cpuSampling() {
		// The hooks' settings are JVM-wide: each test starts, and leaves them, as a CPU profiler's start does.
		CarrierContexts.profilerStarted(false);
	}

	@Test
	void aMountSetsOnlyWhatTheCarrierDoesNotHoldAlready() {
		CarriedContext carrier = this.records.carrierHolding(7, 100, 5, 0, 0);
		this.records.carried = context(7, 200, 5, 1, 2);
		this.hooks.mounted().run();
		assertThat(this.calls.made).containsExactly("tracing 200 5", "trace 1 2");
		assertThat(carrier.contextId).isEqualTo(7);
		assertThat(carrier.spanId).isEqualTo(200);
		assertThat(this.records.carried.mountedOn).isSameAs(carrier);
		this.calls.made.clear();
		this.hooks.mounted().run();
		assertThat(this.calls.made).as("the carrier now holds it all").isEmpty();
	}

	@Test
	void afterTheProfilerStartsAgainTheFirstMountSetsEverything() {
		this.records.carrierHolding(7, 100, 5, 1, 2);
		this.records.carried = context(7, 100, 5, 1, 2);
		CarrierContexts.profilerStarted(false);
		this.hooks.mounted().run();
		assertThat(this.calls.made).containsExactly("context 7", "tracing 100 5", "trace 1 2");
	}

	@Test
	void withCpuSamplingAnUnmountLeavesTheCarriersContextsAndNotesThem() {
		CarriedContext carrier = this.records.carrierHolding(0, 0, 0, 0, 0);
		this.records.carried = context(9, 0, 0, 0, 0);
		this.hooks.mounted().run();
		this.calls.made.clear();
		this.records.carried.contextId = 11;
		this.hooks.unmounting().run();
		assertThat(this.calls.made).isEmpty();
		assertThat(carrier.contextId).as("what the carrier keeps, for the next mount to compare").isEqualTo(11);
	}

	@Test
	void withWallClockSamplingAnUnmountClearsTheCarrier() {
		CarrierContexts.profilerStarted(true);
		CarriedContext carrier = this.records.carrierHolding(0, 0, 0, 0, 0);
		this.records.carried = context(9, 3, 4, 0, 0);
		this.hooks.mounted().run();
		this.calls.made.clear();
		this.hooks.unmounting().run();
		assertThat(this.calls.made).containsExactly("context 0", "tracing 0 0");
		assertThat(carrier.contextId).isZero();
		assertThat(carrier.spanId).isZero();
	}

	@Test
	void aCarrierWithoutARecordIsSetOnMountAndClearedOnUnmount() {
		this.records.carried = context(5, 0, 0, 0, 0);
		this.hooks.mounted().run();
		assertThat(this.calls.made).containsExactly("context 5");
		this.calls.made.clear();
		this.hooks.unmounting().run();
		assertThat(this.calls.made).containsExactly("context 0");
	}

	@Test
	void aVirtualThreadThatSetNothingChangesNothingOnAnUnrecordedCarrier() {
		this.hooks.mounted().run();
		this.hooks.unmounting().run();
		assertThat(this.calls.made).isEmpty();
	}

	@Test
	void aVirtualThreadThatSetNothingClearsWhatARecordedCarrierHolds() {
		this.records.carrierHolding(3, 0, 0, 0, 0);
		this.hooks.mounted().run();
		assertThat(this.calls.made).containsExactly("context 0");
	}

	@Test
	void nothingAHookMeetsEscapesIntoTheMount() {
		this.records.carried = context(5, 0, 0, 0, 0);
		this.calls.failing = true;
		assertThatNoException().isThrownBy(() -> this.hooks.mounted().run());
		this.records.failing = true;
		assertThatNoException().isThrownBy(() -> this.hooks.unmounting().run());
	}

	private static CarriedContext context(long contextId, long spanId, long spanNameId, long traceHigh,
			long traceLow) {
		CarriedContext context = new CarriedContext();
		context.contextId = contextId;
		context.spanId = spanId;
		context.spanNameId = spanNameId;
		context.traceIdHigh = traceHigh;
		context.traceIdLow = traceLow;
		return context;
	}

	/** The native calls, as text. */
	static final class Calls implements NativeContextSetter {

		final List<String> made = new ArrayList<>();

		boolean failing;

		@Override
		public void setContextId(long contextId) {
			record("context " + contextId);
		}

		@Override
		public void setTracingContext(long spanId, long spanNameId) {
			record("tracing " + spanId + " " + spanNameId);
		}

		@Override
		public void setTraceId(long high, long low) {
			record("trace " + high + " " + low);
		}

		private void record(String call) {
			if (this.failing) {
				throw new IllegalStateException("native call failed");
			}
			this.made.add(call);
		}

	}

	/** The records of one virtual thread and its carrier. */
	static final class FakeRecords implements CarrierContexts.Records {

		@Nullable CarriedContext carried;

		@Nullable CarriedContext held;

		boolean failing;

		CarriedContext carrierHolding(long contextId, long spanId, long spanNameId, long traceHigh, long traceLow) {
			CarriedContext held = context(contextId, spanId, spanNameId, traceHigh, traceLow);
			// Known right in the current epoch, as after an earlier mount.
			CarriedContext probe = new CarriedContext();
			CarrierContexts.Hooks hooks = CarrierContexts.hooks(new Calls(), new CarrierContexts.Records() {

				@Override
				public @Nullable CarriedContext carried() {
					return probe;
				}

				@Override
				public CarriedContext held() {
					return held;
				}

			});
			probe.copy(held, 0);
			hooks.mounted().run();
			this.held = held;
			return held;
		}

		@Override
		public @Nullable CarriedContext carried() {
			if (this.failing) {
				throw new IllegalStateException("no record");
			}
			return this.carried;
		}

		@Override
		public @Nullable CarriedContext held() {
			return this.held;
		}

	}

}

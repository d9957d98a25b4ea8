package dev.pyroscopestarter.internal.actuate.metrics;

import dev.pyroscopestarter.internal.local.LocalProfileStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the local profile store:
 * <ul>
 * <li>{@code pyroscope.local.windows} (gauge): windows kept in memory</li>
 * <li>{@code pyroscope.local.size} (gauge, bytes): memory they hold</li>
 * <li>{@code pyroscope.local.evictions} (counter, tag {@code reason}: {@code age}, {@code size}): windows let
 * go</li>
 * </ul>
 */
public class LocalStoreMetrics implements MeterBinder {

	private final LocalProfileStore store;

	public LocalStoreMetrics(LocalProfileStore store) {
		this.store = store;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("pyroscope.local.windows", this.store, (store) -> store.figures().windows())
			.description("Profiling windows kept in memory in local mode")
			.register(registry);
		Gauge.builder("pyroscope.local.size", this.store, (store) -> store.figures().retainedBytes())
			.description("Memory held by the profiling windows kept in local mode: aggregated profiles, their frame "
					+ "names and any raw recordings kept for the JFR download")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		FunctionCounter.builder("pyroscope.local.evictions", this.store, (store) -> store.figures().evictedForAge())
			.description("Profiling windows let go by the local store")
			.tag("reason", "age")
			.register(registry);
		FunctionCounter
			.builder("pyroscope.local.evictions", this.store,
					(store) -> store.figures().evictedForSize())
			.description("Profiling windows let go by the local store")
			.tag("reason", "size")
			.register(registry);
	}

}

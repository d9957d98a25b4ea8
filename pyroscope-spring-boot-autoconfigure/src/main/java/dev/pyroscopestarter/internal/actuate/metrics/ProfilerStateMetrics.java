package dev.pyroscopestarter.internal.actuate.metrics;

import java.util.Locale;

import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The profiler's state as one gauge per state, {@code pyroscope.profiler.state{state=...}}: 1 for the current
 * state, 0 for the others. A failed or stalled profiler never changes the application's health; this is where a
 * dashboard or an alert sees it.
 */
public class ProfilerStateMetrics implements MeterBinder {

	private final PyroscopeProfiler profiler;

	public ProfilerStateMetrics(PyroscopeProfiler profiler) {
		this.profiler = profiler;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ProfilerState state : ProfilerState.values()) {
			Gauge.builder("pyroscope.profiler.state", this.profiler,
					(profiler) -> (profiler.status().state() == state) ? 1 : 0)
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.description("1 for the profiler's current state (running, stalled, failed, stopped...), 0 otherwise")
				.register(registry);
		}
	}

}

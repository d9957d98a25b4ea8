package dev.pyroscopestarter.autoconfigure.metrics;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.labels.PyroscopeLabelsAutoConfiguration;
import dev.pyroscopestarter.internal.actuate.metrics.LocalStoreMetrics;
import dev.pyroscopestarter.internal.actuate.metrics.ProfilerStateMetrics;
import dev.pyroscopestarter.internal.actuate.metrics.UploadMetrics;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the profiler's state, its uploads or local store, and of the label cardinality guard, when
 * the application has a meter registry.
 */
@AutoConfiguration(after = { PyroscopeAutoConfiguration.class, PyroscopeLabelsAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnProfiling
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class PyroscopeMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(PyroscopeProfiler.class)
	@ConditionalOnMissingBean
	ProfilerStateMetrics pyroscopeProfilerStateMetrics(PyroscopeProfiler profiler) {
		return new ProfilerStateMetrics(profiler);
	}

	@Bean
	@ConditionalOnBean(IngestExporter.class)
	@ConditionalOnMissingBean
	UploadMetrics pyroscopeUploadMetrics(IngestExporter exporter) {
		return new UploadMetrics(exporter);
	}

	@Bean
	@ConditionalOnBean(LocalProfileStore.class)
	@ConditionalOnMissingBean
	LocalStoreMetrics pyroscopeLocalStoreMetrics(LocalProfileStore store) {
		return new LocalStoreMetrics(store);
	}

	@Bean
	@ConditionalOnBean(CardinalityGuard.class)
	MeterBinder pyroscopeLabelOverflowMetrics(CardinalityGuard guard) {
		return (registry) -> FunctionCounter
			.builder("pyroscope.labels.overflows", guard,
					(counted) -> counted.overflowCounts().values().stream().mapToLong(Long::longValue).sum())
			.description("Dynamic label values sent as the overflow value because their key had reached "
					+ "pyroscope.dynamic-labels.cardinality.max-values-per-key in an upload window")
			.register(registry);
	}

}

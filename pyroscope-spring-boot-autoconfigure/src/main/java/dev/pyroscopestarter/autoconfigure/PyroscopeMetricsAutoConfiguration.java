package dev.pyroscopestarter.autoconfigure;

import dev.pyroscopestarter.actuate.metrics.PyroscopeMetrics;
import dev.pyroscopestarter.labels.CardinalityGuard;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pyroscope.javaagent.PyroscopeAgent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the profile uploads ({@code pyroscope.*}), when the application has a meter registry.
 */
@AutoConfiguration(after = { PyroscopeAutoConfiguration.class, PyroscopeLabelsAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, PyroscopeAgent.class })
@ConditionalOnBean({ MeterRegistry.class, PyroscopeProfiler.class })
public final class PyroscopeMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PyroscopeMetrics pyroscopeMetrics(PyroscopeProfiler profiler) {
		return new PyroscopeMetrics(profiler.exporter());
	}

	@Bean
	@ConditionalOnBean(CardinalityGuard.class)
	MeterBinder pyroscopeLabelOverflowMetrics(CardinalityGuard guard) {
		return (registry) -> FunctionCounter
			.builder("pyroscope.labels.overflows", guard,
					(counted) -> counted.overflowCounts().values().stream().mapToLong(Long::longValue).sum())
			.description("Dynamic label values sent as the overflow value because their key had reached "
					+ "pyroscope.tags.cardinality.max-values-per-key in an upload window")
			.register(registry);
	}

}

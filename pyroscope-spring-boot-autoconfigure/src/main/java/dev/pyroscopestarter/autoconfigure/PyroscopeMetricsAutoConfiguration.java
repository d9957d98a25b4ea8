package dev.pyroscopestarter.autoconfigure;

import dev.pyroscopestarter.actuate.metrics.PyroscopeMetrics;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyroscope.javaagent.PyroscopeAgent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the profile uploads ({@code pyroscope.*}), when the application has a meter registry.
 */
@AutoConfiguration(after = PyroscopeAutoConfiguration.class,
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

}

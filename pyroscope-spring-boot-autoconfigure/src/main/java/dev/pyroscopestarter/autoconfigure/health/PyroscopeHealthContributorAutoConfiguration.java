package dev.pyroscopestarter.autoconfigure.health;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.PyroscopeProperties;
import dev.pyroscopestarter.internal.actuate.health.PyroscopeHealthIndicator;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code pyroscope} health contributor. Off with {@code management.health.pyroscope.enabled=false}. By default
 * it never changes the application's health (a problem is reported in its details); with
 * {@code pyroscope.health.down-when-failing=true} a problem turns it {@code DOWN}. Spring Boot's liveness and
 * readiness groups do not include it unless configured to.
 */
@AutoConfiguration(after = PyroscopeAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(value = HealthIndicator.class, name = ConditionalOnProfiling.AGENT_CLASS)
@ConditionalOnBean(PyroscopeProfiler.class)
@ConditionalOnEnabledHealthIndicator("pyroscope")
public final class PyroscopeHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "pyroscopeHealthIndicator")
	PyroscopeHealthIndicator pyroscopeHealthIndicator(PyroscopeProfiler profiler,
			ObjectProvider<IngestExporter> uploads, PyroscopeProperties properties) {
		return new PyroscopeHealthIndicator(profiler, uploads.getIfAvailable(),
				properties.getHealth().isDownWhenFailing());
	}

}

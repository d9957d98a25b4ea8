package dev.pyroscopestarter.autoconfigure;

import dev.pyroscopestarter.actuate.health.PyroscopeHealthIndicator;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import io.pyroscope.javaagent.PyroscopeAgent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code pyroscope} health contributor. Off with {@code management.health.pyroscope.enabled=false}. Spring
 * Boot's liveness and readiness groups do not include it unless configured to.
 */
@AutoConfiguration(after = PyroscopeAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, PyroscopeAgent.class })
@ConditionalOnBean(PyroscopeProfiler.class)
@ConditionalOnEnabledHealthIndicator("pyroscope")
public final class PyroscopeHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "pyroscopeHealthIndicator")
	PyroscopeHealthIndicator pyroscopeHealthIndicator(PyroscopeProfiler profiler) {
		return new PyroscopeHealthIndicator(profiler);
	}

}

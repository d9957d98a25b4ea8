package dev.pyroscopestarter.autoconfigure.endpoint;

import java.time.Duration;
import java.util.Map;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.autoconfigure.PyroscopeProperties;
import dev.pyroscopestarter.internal.actuate.endpoint.LabelQueryInvokerAdvisor;
import dev.pyroscopestarter.internal.actuate.endpoint.LocalViews;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpoint;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpointWebExtension;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.LastWindowLabelCardinality;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.profiler.LabelCardinality;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code pyroscope} actuator endpoint, and its local-mode views over HTTP (flame graph, collapsed stacks, JFR).
 * Not conditional on {@code pyroscope.enabled}: with profiling off the endpoint says so.
 */
@AutoConfiguration(after = PyroscopeAutoConfiguration.class)
@ConditionalOnClass(value = Endpoint.class, name = ConditionalOnProfiling.AGENT_CLASS)
@ConditionalOnAvailableEndpoint(PyroscopeEndpoint.class)
public final class PyroscopeEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PyroscopeEndpoint pyroscopeEndpoint(ObjectProvider<PyroscopeProfiler> profiler,
			ObjectProvider<IngestExporter> uploads, ObjectProvider<LocalProfileStore> store,
			ObjectProvider<LabelCardinality> labelCardinality, Environment environment) {
		PyroscopeProfiler available = profiler.getIfAvailable();
		LabelCardinality cardinality = labelCardinality
			.getIfAvailable(() -> (available != null) ? new LastWindowLabelCardinality(available) : Map::of);
		Duration wallClockInterval = Binder.get(environment)
			.bind("pyroscope.profiler.wall-clock.interval", Duration.class)
			.orElse(null);
		return new PyroscopeEndpoint(available, uploads.getIfAvailable(), store.getIfAvailable(), cardinality,
				disabledReason(environment), wallClockInterval);
	}

	private static String disabledReason(Environment environment) {
		if (!environment.getProperty(PyroscopeProperties.ENABLED, Boolean.class, true)) {
			return PyroscopeProperties.ENABLED + " is false";
		}
		return "no PyroscopeProfiler bean in this application";
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "one.convert.FlameGraph", "jdk.jfr.consumer.RecordingFile" })
	static class LocalProfilesWebConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LocalViews pyroscopeLocalViews(ObjectProvider<PyroscopeProfiler> profiler,
				ObjectProvider<LocalProfileStore> store, ObjectProvider<IngestExporter> uploads,
				ObjectProvider<PyroscopeProperties> properties) {
			PyroscopeProperties pyroscope = properties.getIfAvailable();
			return new LocalViews(profiler.getIfAvailable(), store.getIfAvailable(), uploads.getIfAvailable(),
					pyroscope != null && pyroscope.getLocal().isJfrDownload());
		}

		@Bean
		@ConditionalOnMissingBean
		PyroscopeEndpointWebExtension pyroscopeEndpointWebExtension(LocalViews views,
				ObjectProvider<PyroscopeEndpoint> endpoint) {
			return new PyroscopeEndpointWebExtension(views, endpoint.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean
		LabelQueryInvokerAdvisor pyroscopeLabelQueryInvokerAdvisor() {
			return new LabelQueryInvokerAdvisor();
		}

	}

}

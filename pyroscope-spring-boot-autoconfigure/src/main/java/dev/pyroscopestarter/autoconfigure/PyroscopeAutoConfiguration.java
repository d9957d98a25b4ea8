package dev.pyroscopestarter.autoconfigure;

import dev.pyroscopestarter.agent.AgentSettings;
import dev.pyroscopestarter.agent.ProfilingAgent;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ingest.CredentialsRefresher;
import dev.pyroscopestarter.export.ingest.IngestExporter;
import dev.pyroscopestarter.local.LocalProfileStore;
import dev.pyroscopestarter.profiler.ProfilerSettings;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import okhttp3.OkHttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Continuous profiling with Pyroscope: a {@link PyroscopeProfiler} that starts and stops with the application
 * context, and a {@link ProfileExporter} for its windows: an {@link IngestExporter} that uploads them when
 * {@code pyroscope.server-address} is set, a {@link LocalProfileStore} that keeps them in memory otherwise. Every
 * bean backs off when the application defines its own.
 */
@AutoConfiguration(after = ProjectInfoAutoConfiguration.class)
@ConditionalOnProfiling
@ConditionalOnClass(OkHttpClient.class)
@EnableConfigurationProperties(PyroscopeProperties.class)
public final class PyroscopeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AgentSettings pyroscopeAgentSettings(PyroscopeProperties properties, Environment environment,
			ObjectProvider<BuildProperties> buildProperties) {
		BuildProperties build = buildProperties.getIfAvailable();
		return PyroscopePropertiesResolver.agentSettings(properties, environment.getProperty("spring.application.name"),
				(build != null) ? build.getVersion() : null);
	}

	@Bean
	@ConditionalOnMissingBean
	ProfilingAgent pyroscopeProfilingAgent(AgentSettings settings) {
		return new ProfilingAgent(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	PyroscopeProfiler pyroscopeProfiler(ProfilingAgent agent, ProfileExporter exporter, PyroscopeProperties properties) {
		return new PyroscopeProfiler(agent, exporter,
				new ProfilerSettings(properties.getShutdown().getFlushTimeout(), properties.isFailFast()));
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnServerAddressCondition.class)
	static class UploadConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProfileExporter.class)
		IngestExporter pyroscopeIngestExporter(PyroscopeProperties properties, AgentSettings agent,
				ObjectProvider<CredentialsRefresher> credentialsRefresher) {
			IngestExporter exporter = new IngestExporter(PyroscopePropertiesResolver.ingestSettings(properties, agent));
			credentialsRefresher.ifAvailable(exporter::setCredentialsRefresher);
			return exporter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(NoServerAddressCondition.class)
	static class LocalConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProfileExporter.class)
		LocalProfileStore pyroscopeLocalProfileStore(PyroscopeProperties properties, AgentSettings checked) {
			// The agent settings are resolved first: resolving them checks every property, these included.
			return new LocalProfileStore(properties.getLocal().getRetention(),
					properties.getLocal().getMaxSize().toBytes());
		}

	}

	static class NoServerAddressCondition extends NoneNestedConditions {

		NoServerAddressCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnServerAddressCondition.class)
		static class ServerAddress {

		}

	}

}

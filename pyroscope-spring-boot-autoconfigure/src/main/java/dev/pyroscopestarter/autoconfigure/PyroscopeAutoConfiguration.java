package dev.pyroscopestarter.autoconfigure;


import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ingest.CredentialsRefresher;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.ssl.SslBundles;
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
@EnableConfigurationProperties(PyroscopeProperties.class)
public final class PyroscopeAutoConfiguration {

	// Not overridable: every bean of the profiler and its exporter is built from checked settings.
	@Bean
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
		return new PyroscopeProfiler(agent, exporter, PyroscopePropertiesResolver.profilerSettings(properties));
	}

	// Only uploads need OkHttp: without it local mode works, and an address fails startup naming the dependency
	// (PyroscopePropertiesResolver, when the agent settings are resolved).
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnServerAddressCondition.class)
	@ConditionalOnClass(name = PyroscopePropertiesResolver.OKHTTP_CLIENT)
	static class UploadConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProfileExporter.class)
		IngestExporter pyroscopeIngestExporter(PyroscopeProperties properties, AgentSettings agent,
				ObjectProvider<CredentialsRefresher> credentialsRefresher, ObjectProvider<SslBundles> sslBundles) {
			IngestExporter exporter = new IngestExporter(
					PyroscopePropertiesResolver.ingestSettings(properties, agent, sslBundles));
			credentialsRefresher.ifAvailable(exporter::setCredentialsRefresher);
			return exporter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(NoServerAddressCondition.class)
	static class LocalConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProfileExporter.class)
		LocalProfileStore pyroscopeLocalProfileStore(PyroscopeProperties properties) {
			return PyroscopePropertiesResolver.localProfileStore(properties);
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

package dev.pyroscopestarter.autoconfigure;


import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ingest.CredentialsRefresher;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.origin.KubernetesPod;
import dev.pyroscopestarter.internal.origin.ProfileOrigin;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Continuous profiling with Pyroscope: a {@link PyroscopeProfiler} that starts and stops with the application
 * context, and a {@link ProfileExporter} for its windows: an {@link IngestExporter} that uploads them when
 * {@code pyroscope.server-address} is set or a {@link PyroscopeConnectionDetails} bean exists (Docker Compose,
 * Testcontainers, the application's own), a {@link LocalProfileStore} that keeps them in memory otherwise. Every
 * bean backs off when the application defines its own.
 */
@AutoConfiguration(after = ProjectInfoAutoConfiguration.class)
@ConditionalOnProfiling
@EnableConfigurationProperties(PyroscopeProperties.class)
public final class PyroscopeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProfileOrigin pyroscopeProfileOrigin(PyroscopeProperties properties, Environment environment,
			ObjectProvider<GitProperties> gitProperties) {
		return ProfileOrigins.detect(properties, environment, gitProperties.getIfAvailable(),
				KubernetesPod.NAMESPACE_FILE);
	}

	// Not overridable: every bean of the profiler and its exporter is built from checked settings.
	@Bean
	AgentSettings pyroscopeAgentSettings(PyroscopeProperties properties, Environment environment,
			ObjectProvider<BuildProperties> buildProperties, ProfileOrigin origin) {
		BuildProperties build = buildProperties.getIfAvailable();
		// The service name is looked for only when pyroscope.application-name does not set one.
		String serviceName = StringUtils.hasText(properties.getApplicationName()) ? null
				: ServiceIdentity.serviceName(environment, System::getenv);
		return PyroscopePropertiesResolver.agentSettings(properties, serviceName,
				(build != null) ? build.getVersion() : null, ServiceIdentity.group(environment), origin.labels());
	}

	@Bean
	@ConditionalOnMissingBean
	ProfilingAgent pyroscopeProfilingAgent(AgentSettings settings) {
		return new ProfilingAgent(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	PyroscopeProfiler pyroscopeProfiler(ProfilingAgent agent, ProfileExporter exporter, PyroscopeProperties properties,
			ProfileOrigin origin) {
		return new PyroscopeProfiler(agent, exporter,
				PyroscopePropertiesResolver.profilerSettings(properties, origin.fleetShare()));
	}

	// Only uploads need OkHttp: without it local mode works, and an address fails startup naming the dependency
	// (PyroscopePropertiesResolver, when the agent settings are resolved).
	@Configuration(proxyBeanMethods = false)
	@Conditional(UploadCondition.class)
	@ConditionalOnClass(name = PyroscopePropertiesResolver.OKHTTP_CLIENT)
	static class UploadConfiguration {

		@Bean
		@ConditionalOnMissingBean(PyroscopeConnectionDetails.class)
		PropertiesPyroscopeConnectionDetails pyroscopeConnectionDetails(PyroscopeProperties properties) {
			return new PropertiesPyroscopeConnectionDetails(properties);
		}

		@Bean
		@ConditionalOnMissingBean(ProfileExporter.class)
		IngestExporter pyroscopeIngestExporter(PyroscopeProperties properties, PyroscopeConnectionDetails connection,
				AgentSettings agent, ObjectProvider<CredentialsRefresher> credentialsRefresher,
				ObjectProvider<SslBundles> sslBundles) {
			IngestExporter exporter = new IngestExporter(
					PyroscopePropertiesResolver.ingestSettings(properties, connection, agent, sslBundles));
			credentialsRefresher.ifAvailable(exporter::setCredentialsRefresher);
			return exporter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(LocalCondition.class)
	static class LocalConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProfileExporter.class)
		LocalProfileStore pyroscopeLocalProfileStore(PyroscopeProperties properties) {
			return PyroscopePropertiesResolver.localProfileStore(properties);
		}

	}


	/**
	 * Uploads when there is a server address: from the properties, or from connection details that the application,
	 * Docker Compose or Testcontainers registered (before auto-configuration, so they are seen here).
	 */
	static class UploadCondition extends AnyNestedCondition {

		UploadCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnServerAddressCondition.class)
		static class ServerAddress {

		}

		@ConditionalOnBean(PyroscopeConnectionDetails.class)
		static class ConnectionDetails {

		}

	}

	static class LocalCondition extends NoneNestedConditions {

		LocalCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(UploadCondition.class)
		static class Upload {

		}

	}

}

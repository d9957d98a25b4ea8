package dev.pyroscopestarter.autoconfigure;

import java.util.Arrays;

import javax.net.ssl.X509TrustManager;

import dev.pyroscopestarter.agent.AgentSettings;
import dev.pyroscopestarter.agent.ProfilingAgent;
import dev.pyroscopestarter.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ingest.CredentialsRefresher;
import dev.pyroscopestarter.export.ingest.IngestExporter;
import dev.pyroscopestarter.export.ingest.IngestSettings;
import dev.pyroscopestarter.local.LocalProfileStore;
import dev.pyroscopestarter.profiler.ProfilerSettings;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

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
				ObjectProvider<CredentialsRefresher> credentialsRefresher, ObjectProvider<SslBundles> sslBundles) {
			IngestExporter exporter = new IngestExporter(PyroscopePropertiesResolver.ingestSettings(properties, agent,
					tls(properties.getSsl().getBundle(), sslBundles)));
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
			// The raw recordings are kept only for the JFR download: the views read the aggregates.
			return new LocalProfileStore(properties.getLocal().getRetention(),
					properties.getLocal().getMaxSize().toBytes(), properties.getLocal().isJfrDownload());
		}

	}

	private static IngestSettings.@Nullable Tls tls(@Nullable String bundleName, ObjectProvider<SslBundles> sslBundles) {
		if (!StringUtils.hasText(bundleName)) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		SslBundle bundle;
		try {
			if (bundles == null) {
				throw new NoSuchSslBundleException(bundleName, "no SSL bundles are defined");
			}
			bundle = bundles.getBundle(bundleName.trim());
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.ssl.bundle",
					"there is no SSL bundle named '" + bundleName.trim() + "'",
					"Define it under spring.ssl.bundle.jks." + bundleName.trim() + " or spring.ssl.bundle.pem."
							+ bundleName.trim() + ", or correct the name.");
		}
		X509TrustManager trustManager = Arrays.stream(bundle.getManagers().getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new InvalidPyroscopeConfigurationException("pyroscope.ssl.bundle",
					"the SSL bundle '" + bundleName.trim() + "' has no X.509 trust manager",
					"Give the bundle a trust store (truststore.* properties) with the server's CA."));
		return new IngestSettings.Tls(bundleName.trim(), bundle.createSslContext(), trustManager);
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

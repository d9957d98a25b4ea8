package dev.pyroscopestarter.autoconfigure;

import dev.pyroscopestarter.config.PyroscopeSettings;
import dev.pyroscopestarter.export.CredentialsRefresher;
import dev.pyroscopestarter.export.IngestExporter;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.RecentProfiles;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import io.pyroscope.javaagent.PyroscopeAgent;
import okhttp3.OkHttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Continuous profiling with Pyroscope: a {@link PyroscopeProfiler} that starts and stops with the application
 * context, and a {@link ProfileExporter} that uploads its profiles (or keeps them in memory when no server address
 * is set). Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = ProjectInfoAutoConfiguration.class)
@ConditionalOnClass({ PyroscopeAgent.class, OkHttpClient.class })
@ConditionalOnBooleanProperty(name = "pyroscope.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroscopeProperties.class)
public final class PyroscopeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PyroscopeSettings pyroscopeSettings(PyroscopeProperties properties, Environment environment,
			ObjectProvider<BuildProperties> buildProperties) {
		BuildProperties build = buildProperties.getIfAvailable();
		return PyroscopeSettings.resolve(properties, environment.getProperty("spring.application.name"),
				(build != null) ? build.getVersion() : null);
	}

	@Bean
	@ConditionalOnMissingBean
	ProfileExporter pyroscopeProfileExporter(PyroscopeSettings settings,
			ObjectProvider<CredentialsRefresher> credentialsRefresher) {
		PyroscopeProperties properties = settings.properties();
		if (settings.localMode()) {
			return new RecentProfiles(properties.getLocal().getRetention(), properties.getLocal().getMaxSize().toBytes());
		}
		IngestExporter exporter = new IngestExporter(settings.agentConfig(), properties.getExport().getInitialBackoff(),
				properties.getExport().getMaxBackoff());
		credentialsRefresher.ifAvailable(exporter::setCredentialsRefresher);
		return exporter;
	}

	@Bean
	@ConditionalOnMissingBean
	PyroscopeProfiler pyroscopeProfiler(PyroscopeSettings settings, ProfileExporter exporter) {
		return new PyroscopeProfiler(settings, exporter);
	}

}

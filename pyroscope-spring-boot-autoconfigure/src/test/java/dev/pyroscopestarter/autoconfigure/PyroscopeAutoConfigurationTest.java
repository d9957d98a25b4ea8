package dev.pyroscopestarter.autoconfigure;

import java.time.Duration;
import java.util.Properties;

import dev.pyroscopestarter.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.config.PyroscopeSettings;
import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.IngestExporter;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.RecentProfiles;
import dev.pyroscopestarter.export.UploadFigures;
import dev.pyroscopestarter.profiler.ProfilerState;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.Snapshot;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PyroscopeAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "pyroscope.upload-interval=1h");

	@Test
	void withAServerAddressTheProfilerRunsAndUploadsOverHttp() {
		this.runner.withPropertyValues("pyroscope.server-address=http://127.0.0.1:4040").run((context) -> {
			assertThat(context).hasSingleBean(PyroscopeProfiler.class).hasSingleBean(PyroscopeSettings.class);
			assertThat(context.getBean(ProfileExporter.class)).isInstanceOf(IngestExporter.class);
			assertThat(context.getBean(PyroscopeProfiler.class).status().state()).isEqualTo(ProfilerState.RUNNING);
			assertThat(context.getBean(PyroscopeSettings.class).applicationName()).isEqualTo("orders");
		});
		assertThat(PyroscopeAgent.isStarted()).as("stopped with the context").isFalse();
	}

	@Test
	void withoutAServerAddressProfilesStayInMemory() {
		this.runner.run((context) -> {
			assertThat(context.getBean(ProfileExporter.class)).isInstanceOf(RecentProfiles.class);
			assertThat(context.getBean(PyroscopeSettings.class).localMode()).isTrue();
		});
	}

	@Test
	void disabledCreatesNothing() {
		this.runner.withPropertyValues("pyroscope.enabled=false", "pyroscope.server-address=http://127.0.0.1:4040")
			.run((context) -> assertThat(context).doesNotHaveBean(PyroscopeProfiler.class)
				.doesNotHaveBean(ProfileExporter.class)
				.doesNotHaveBean(PyroscopeProperties.class));
	}

	@Test
	void backsOffWithoutTheAgentOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(PyroscopeAgent.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PyroscopeProfiler.class));
	}

	@Test
	void anApplicationsOwnExporterIsUsed() {
		this.runner.withUserConfiguration(OwnExporter.class).run((context) -> {
			assertThat(context).hasSingleBean(ProfileExporter.class);
			assertThat(context.getBean(PyroscopeProfiler.class).exporter()).isSameAs(context.getBean("ownExporter"));
		});
	}

	@Test
	void addsServiceVersionFromBuildInfoUnlessSwitchedOff() {
		this.runner.withUserConfiguration(BuildInfo.class)
			.run((context) -> assertThat(context.getBean(PyroscopeSettings.class).labels())
				.containsEntry("service_version", "1.4.2"));
		this.runner.withUserConfiguration(BuildInfo.class)
			.withPropertyValues("pyroscope.service-version-label=false")
			.run((context) -> assertThat(context.getBean(PyroscopeSettings.class).labels())
				.doesNotContainKey("service_version"));
	}

	@Test
	void placeholdersInLabelsResolve() {
		this.runner.withPropertyValues("pyroscope.labels.region=${REGION_FOR_TEST:local}")
			.run((context) -> assertThat(context.getBean(PyroscopeSettings.class).labels()).containsEntry("region", "local"));
	}

	@Test
	void badLabelNameFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("pyroscope.labels[team-name]=core").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidPyroscopeConfigurationException.class)
				.hasMessageContaining("pyroscope.labels.team-name");
		});
	}

	@Test
	void badLabelValueFailsStartup() {
		this.runner.withPropertyValues("pyroscope.labels.region=us-east,eu-north").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidPyroscopeConfigurationException.class)
				.hasMessageContaining("pyroscope.labels.region");
		});
	}

	@Test
	void composeServiceNamesWithUnderscoresAreValidHosts() {
		this.runner.withPropertyValues("pyroscope.server-address=http://user:pw@my_pyroscope:4040").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(PyroscopeSettings.class).displayServerAddress())
				.isEqualTo("http://my_pyroscope:4040");
		});
	}

	@Test
	void invalidServerAddressFailsWithoutRepeatingCredentials() {
		this.runner.withPropertyValues("pyroscope.server-address=ftp://user:hunter2@example.com").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidPyroscopeConfigurationException.class)
				.hasMessageContaining("pyroscope.server-address")
				.hasMessageNotContaining("hunter2");
		});
	}

	@Test
	void secretsStayOutOfToStringAndTheDisplayedAddress() {
		this.runner
			.withPropertyValues("pyroscope.server-address=https://123:glc_pw@profiles.example.com/prefix",
					"pyroscope.auth-token=glc_token", "pyroscope.basic-auth.username=123",
					"pyroscope.basic-auth.password=glc_pw")
			.run((context) -> {
				PyroscopeSettings settings = context.getBean(PyroscopeSettings.class);
				assertThat(settings.displayServerAddress()).isEqualTo("https://profiles.example.com/prefix");
				assertThat(settings.toString()).doesNotContain("glc_pw").doesNotContain("glc_token");
				assertThat(context.getBean(PyroscopeProperties.class).toString()).doesNotContain("glc_pw")
					.doesNotContain("glc_token");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExporter {

		@Bean
		ProfileExporter ownExporter() {
			return new ProfileExporter() {

				@Override
				public void export(Snapshot snapshot) {
				}

				@Override
				public FlushResult flush(Duration timeout) {
					return new FlushResult(0, 0, Duration.ZERO);
				}

				@Override
				public UploadFigures figures() {
					return new RecentProfiles(Duration.ofMinutes(1), 1).figures();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BuildInfo {

		@Bean
		BuildProperties buildProperties() {
			Properties properties = new Properties();
			properties.setProperty("version", "1.4.2");
			return new BuildProperties(properties);
		}

	}

}

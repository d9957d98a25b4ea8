package dev.pyroscopestarter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.IngestSettings;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import io.pyroscope.javaagent.PyroscopeAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class PyroscopeAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class))
		// Nothing answers at the addresses used here: the last window is given up at once when a context closes.
		.withPropertyValues("spring.application.name=orders", "pyroscope.upload-interval=1h",
				"pyroscope.shutdown.flush-timeout=10ms");

	@Test
	void withAServerAddressTheProfilerRunsAndUploadsOverHttp() {
		this.runner.withPropertyValues("pyroscope.server-address=http://127.0.0.1:4040").run((context) -> {
			assertThat(context).hasSingleBean(PyroscopeProfiler.class).hasSingleBean(AgentSettings.class);
			assertThat(context.getBean(ProfileExporter.class)).isInstanceOf(IngestExporter.class);
			assertThat(context).doesNotHaveBean(LocalProfileStore.class);
			assertThat(context.getBean(PyroscopeProfiler.class).status().state()).isEqualTo(ProfilerState.RUNNING);
			assertThat(context.getBean(AgentSettings.class).applicationName()).isEqualTo("orders");
		});
		assertThat(PyroscopeAgent.isStarted()).as("stopped with the context").isFalse();
	}

	@Test
	void anApplicationsOwnConnectionDetailsWinOverTheProperties() {
		PyroscopeConnectionDetails own = () -> "http://127.0.0.1:14040";
		this.runner.withPropertyValues("pyroscope.server-address=http://127.0.0.1:4040", "pyroscope.tenant-id=props")
			.withBean(PyroscopeConnectionDetails.class, () -> own)
			.run((context) -> {
				IngestSettings settings = settingsOf(context.getBean(IngestExporter.class));
				assertThat(settings.serverAddress()).isEqualTo("http://127.0.0.1:14040");
				assertThat(settings.tenantId()).isNull();
			});
	}

	@Test
	void connectionDetailsAloneTurnUploadsOn() {
		this.runner.withBean(PyroscopeConnectionDetails.class, () -> () -> "http://127.0.0.1:14040")
			.run((context) -> assertThat(context.getBean(ProfileExporter.class)).isInstanceOf(IngestExporter.class));
	}

	@Test
	void thePropertiesBackTheConnectionDetailsWithoutShowingSecrets() {
		this.runner
			.withPropertyValues("pyroscope.server-address=http://127.0.0.1:4040", "pyroscope.tenant-id=team-a",
					"pyroscope.auth-token=glc_token")
			.run((context) -> {
				PyroscopeConnectionDetails details = context.getBean(PyroscopeConnectionDetails.class);
				assertThat(details.getServerAddress()).isEqualTo("http://127.0.0.1:4040");
				assertThat(details.getTenantId()).isEqualTo("team-a");
				assertThat(details.getAuthToken()).isEqualTo("glc_token");
				assertThat(details.toString()).doesNotContain("glc_token");
			});
	}

	@Test
	void withoutAServerAddressProfilesStayInMemory() {
		this.runner.run((context) -> {
			assertThat(context.getBean(ProfileExporter.class)).isInstanceOf(LocalProfileStore.class);
			assertThat(context).doesNotHaveBean(IngestExporter.class);
		});
	}

	@Test
	void theStackDepthIsWhatTheServerKeepsAndDeeperIsWarnedAbout(CapturedOutput output) {
		this.runner.run((context) -> assertThat(context.getBean(AgentSettings.class).stackDepth()).isEqualTo(1000));
		assertThat(output).doesNotContain("pyroscope.profiler.stack-depth");
		this.runner.withPropertyValues("pyroscope.profiler.stack-depth=2048")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).stackDepth()).isEqualTo(2048));
		assertThat(output).contains("pyroscope.profiler.stack-depth=2048 is deeper than a Pyroscope server keeps")
			.contains("validation.max-profile-stack-depth");
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
	void blankServerAddressIsLocalMode() {
		this.runner.withPropertyValues("pyroscope.server-address= ")
			.run((context) -> assertThat(context.getBean(ProfileExporter.class)).isInstanceOf(LocalProfileStore.class));
	}

	@Test
	void anApplicationsOwnExporterGetsTheWindows() {
		OwnExporter own = new OwnExporter();
		this.runner.withPropertyValues("pyroscope.server-address=http://127.0.0.1:4040")
			.withBean("ownExporter", ProfileExporter.class, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(ProfileExporter.class).doesNotHaveBean(IngestExporter.class);
				assertThat(context.getBean(PyroscopeProfiler.class).status().state()).isEqualTo(ProfilerState.RUNNING);
			});
		assertThat(own.windows).as("the last window, handed over at stop").hasSize(1);
		assertThat(own.flushes).isEqualTo(1);
	}

	@Test
	void addsServiceVersionFromBuildInfoUnlessSwitchedOff() {
		this.runner.withUserConfiguration(BuildInfo.class)
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels())
				.containsEntry("service_version", "1.4.2"));
		this.runner.withUserConfiguration(BuildInfo.class)
			.withPropertyValues("pyroscope.service-version-label=false")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels())
				.doesNotContainKey("service_version"));
	}

	@Test
	void placeholdersInLabelsResolve() {
		this.runner.withPropertyValues("pyroscope.labels.region=${REGION_FOR_TEST:local}")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels()).containsEntry("region", "local"));
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
	void moreStaticLabelsThanTheServerAcceptsFailStartupNamingTheProperty() {
		// 20 labels, the 4 the agent adds to every upload, the server's 5 and span_name: 30 names are fine, 31 not.
		String[] twenty = java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "pyroscope.labels.l" + i + "=v")
			.toArray(String[]::new);
		this.runner.withPropertyValues(twenty)
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels()).hasSize(20));
		this.runner.withPropertyValues(twenty).withPropertyValues("pyroscope.labels.l20=v").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidPyroscopeConfigurationException.class)
				.hasMessageContaining("pyroscope.labels")
				.hasMessageContaining("31 label names, more than the 30 Pyroscope accepts");
		});
	}

	@Test
	void aStaticLabelValueLongerThanTheServerAcceptsFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("pyroscope.labels.note=" + "\u00e9".repeat(1025)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidPyroscopeConfigurationException.class)
				.hasMessageContaining("pyroscope.labels.note")
				.hasMessageContaining("2048 bytes")
				.hasMessageNotContaining("\u00e9\u00e9");
		});
		this.runner.withPropertyValues("pyroscope.labels.note=" + "\u00e9".repeat(1024))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void composeServiceNamesWithUnderscoresAreValidHosts() {
		this.runner.withPropertyValues("pyroscope.server-address=http://user:pw@my_pyroscope:4040").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(IngestExporter.class).displayAddress())
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
				IngestExporter exporter = context.getBean(IngestExporter.class);
				assertThat(exporter.displayAddress()).isEqualTo("https://profiles.example.com/prefix");
				assertThat(exporter.toString()).contains("https://profiles.example.com/prefix", "BASIC")
					.doesNotContain("glc_pw")
					.doesNotContain("glc_token");
				assertThat(PyroscopePropertiesResolver.credentials(context.getBean(PyroscopeProperties.class))
					.toString()).doesNotContain("glc_pw").doesNotContain("glc_token");
				assertThat(context.getBean(AgentSettings.class).toString()).doesNotContain("glc_pw")
					.doesNotContain("glc_token")
					.doesNotContain("profiles.example.com");
			});
	}

	static class OwnExporter implements ProfileExporter {

		final List<ProfileWindow> windows = new CopyOnWriteArrayList<>();

		volatile int flushes;

		@Override
		public void export(ProfileWindow window) {
			this.windows.add(window);
		}

		@Override
		public FlushResult flush(Duration timeout) {
			this.flushes++;
			return new FlushResult(0, 0, Duration.ZERO);
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

	// What the uploader was built with: package-private in the uploader, as it holds the credentials.
	private static IngestSettings settingsOf(IngestExporter exporter) {
		IngestSettings settings = ReflectionTestUtils.invokeMethod(exporter, "settings");
		return java.util.Objects.requireNonNull(settings);
	}

}

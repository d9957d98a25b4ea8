package dev.pyroscopestarter.internal.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.pyroscopestarter.autoconfigure.PyroscopeProperties;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The official agent's variables, given as environment variables, system properties or keys of an imported
 * secret, bind to {@code pyroscope.*} through a real {@link SpringApplication} run.
 */
@ExtendWith(OutputCaptureExtension.class)
class AgentVariablesBindingTest {

	@Test
	void everyAgentVariableBindsToItsProperty() {
		Map<String, Object> env = new HashMap<>();
		env.put("PYROSCOPE_ENABLED", "true");
		env.put("PYROSCOPE_APPLICATION_NAME", "rideshare");
		env.put("PYROSCOPE_SERVER_ADDRESS", "https://profiles.example.com");
		env.put("PYROSCOPE_AUTH_TOKEN", "tok");
		env.put("PYROSCOPE_BASIC_AUTH_USER", "user");
		env.put("PYROSCOPE_BASIC_AUTH_PASSWORD", "pass");
		env.put("PYROSCOPE_TENANT_ID", "tenant-a");
		env.put("PYROSCOPE_HTTP_HEADERS", "{\"X-Team\":\"core\",\"X-Env\":\"prod\"}");
		env.put("PYROSCOPE_LABELS", "region=us-east, env=prod");
		env.put("PYROSCOPE_PROFILER_EVENT", "wall");
		env.put("PYROSCOPE_PROFILING_INTERVAL", "5ms");
		env.put("PYROSCOPE_PROFILER_ALLOC", "512k");
		env.put("PYROSCOPE_ALLOC_LIVE", "true");
		env.put("PYROSCOPE_PROFILER_LOCK", "10ms");
		env.put("PYROSCOPE_UPLOAD_INTERVAL", "15s");
		env.put("PYROSCOPE_JAVA_STACK_DEPTH_MAX", "512");
		env.put("PYROSCOPE_TMP_DIR", "/var/tmp/pyro");
		env.put("PYROSCOPE_AP_LOG_LEVEL", "warn");
		env.put("PYROSCOPE_AP_EXTRA_ARGUMENTS", "cstack=no");
		env.put("PYROSCOPE_GC_BEFORE_DUMP", "true");
		env.put("PYROSCOPE_PROFILE_EXPORT_TIMEOUT", "3s");
		env.put("PYROSCOPE_PUSH_QUEUE_CAPACITY", "16");
		env.put("PYROSCOPE_INGEST_MAX_TRIES", "4");
		try (ConfigurableApplicationContext context = run(env, Map.of())) {
			PyroscopeProperties properties = context.getBean(PyroscopeProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getApplicationName()).isEqualTo("rideshare");
			assertThat(properties.getServerAddress()).isEqualTo("https://profiles.example.com");
			assertThat(properties.getAuthToken()).isEqualTo("tok");
			assertThat(properties.getBasicAuth().getUsername()).isEqualTo("user");
			assertThat(properties.getBasicAuth().getPassword()).isEqualTo("pass");
			assertThat(properties.getTenantId()).isEqualTo("tenant-a");
			assertThat(properties.getHeaders()).containsOnly(Map.entry("X-Team", "core"), Map.entry("X-Env", "prod"));
			assertThat(properties.getLabels()).containsOnly(Map.entry("region", "us-east"), Map.entry("env", "prod"));
			assertThat(properties.getProfiler().getEvent()).isEqualTo(PyroscopeProperties.Profiler.Event.WALL);
			assertThat(properties.getProfiler().getInterval()).isEqualTo(Duration.ofMillis(5));
			assertThat(properties.getProfiler().getAllocationThreshold()).isEqualTo(DataSize.ofKilobytes(512));
			assertThat(properties.getProfiler().isAllocationLive()).isTrue();
			assertThat(properties.getProfiler().getLockThreshold()).isEqualTo(Duration.ofMillis(10));
			assertThat(properties.getUploadInterval()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.getProfiler().getStackDepth()).isEqualTo(512);
			assertThat(properties.getProfiler().getTempDirectory()).isEqualTo("/var/tmp/pyro");
			assertThat(properties.getProfiler().getNativeLogLevel()).isEqualTo("warn");
			assertThat(properties.getProfiler().getExtraArguments()).isEqualTo("cstack=no");
			assertThat(properties.getProfiler().isGcBeforeDump()).isTrue();
			assertThat(properties.getExport().getTimeout()).isEqualTo(Duration.ofSeconds(3));
			assertThat(properties.getExport().getQueueCapacity()).isEqualTo(16);
			assertThat(properties.getExport().getMaxAttempts()).isEqualTo(4);
		}
	}

	@Test
	void environmentVariablesWinOverApplicationYmlAndLabelsMerge() {
		Map<String, Object> env = Map.of("PYROSCOPE_SERVER_ADDRESS", "http://from-env:4040", "PYROSCOPE_LABELS",
				"env=prod");
		try (ConfigurableApplicationContext context = run(env, Map.of(), "classpath:alias-precedence.yml")) {
			PyroscopeProperties properties = context.getBean(PyroscopeProperties.class);
			assertThat(properties.getServerAddress()).isEqualTo("http://from-env:4040");
			assertThat(properties.getApplicationName()).as("not overridden: from yml").isEqualTo("from-yml");
			assertThat(properties.getLabels()).containsOnly(Map.entry("env", "prod"), Map.entry("team", "core"));
		}
	}

	@Test
	void systemPropertiesBindInTheAgentsSpellingsAndWinOverEnvironmentVariables() {
		Map<String, Object> env = Map.of("PYROSCOPE_UPLOAD_INTERVAL", "30s", "PYROSCOPE_APPLICATION_NAME", "from-env");
		Map<String, Object> system = Map.of("PYROSCOPE_UPLOAD_INTERVAL", "20s", "pyroscope.application.name",
				"from-system-property", "pyroscope.profiling.interval", "1000000");
		try (ConfigurableApplicationContext context = run(env, system)) {
			PyroscopeProperties properties = context.getBean(PyroscopeProperties.class);
			assertThat(properties.getUploadInterval()).isEqualTo(Duration.ofSeconds(20));
			assertThat(properties.getApplicationName()).isEqualTo("from-system-property");
			assertThat(properties.getProfiler().getInterval()).as("bare numbers are nanoseconds, as in the agent")
				.isEqualTo(Duration.ofMillis(1));
		}
	}

	@Test
	void lowerSnakeCaseKeysOfASecretBind() {
		StandardEnvironment environment = environment(Map.of(), Map.of());
		environment.getPropertySources().addFirst(new MapPropertySource("aws-secretsmanager:prod/pyroscope",
				Map.of("pyroscope_server_address", "https://profiles-prod-001.grafana.net", "pyroscope_auth_token",
						"pyr_secret", "pyroscope_basic_auth_user", "123", "db_password", "unrelated")));
		try (ConfigurableApplicationContext context = run(environment)) {
			PyroscopeProperties properties = context.getBean(PyroscopeProperties.class);
			assertThat(properties.getServerAddress()).isEqualTo("https://profiles-prod-001.grafana.net");
			assertThat(properties.getAuthToken()).isEqualTo("pyr_secret");
			assertThat(properties.getBasicAuth().getUsername()).isEqualTo("123");
		}
	}

	@Test
	void malformedLabelListFailsStartupNamingTheVariable(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(Map.of("PYROSCOPE_LABELS", "region-us-east"), Map.of()).close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The Pyroscope setting 'PYROSCOPE_LABELS' is invalid")
			.contains("name=value pairs");
	}

	@Test
	void malformedHeaderJsonFailsStartupWithoutEchoingTheValue(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run(Map.of("PYROSCOPE_HTTP_HEADERS", "Authorization: Bearer leaked"), Map.of()).close());
		assertThat(output).contains("The Pyroscope setting 'PYROSCOPE_HTTP_HEADERS' is invalid")
			.doesNotContain("leaked");
	}

	@Test
	void unsupportedAgentVariablesAreReported(CapturedOutput output) {
		run(Map.of("PYROSCOPE_FORMAT", "otlp"), Map.of()).close();
		assertThat(output).contains("PYROSCOPE_FORMAT is a Pyroscope agent setting that the Spring Boot starter does not support");
	}

	private static ConfigurableApplicationContext run(Map<String, Object> env, Map<String, Object> systemProperties,
			String... configLocation) {
		StandardEnvironment environment = environment(env, systemProperties);
		if (configLocation.length > 0) {
			environment.getPropertySources().addLast(new MapPropertySource("test-config-location",
					Map.of("spring.config.location", configLocation[0])));
		}
		return run(environment);
	}

	private static ConfigurableApplicationContext run(StandardEnvironment environment) {
		SpringApplication application = new SpringApplication(BindingOnly.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		return application.run();
	}

	private static StandardEnvironment environment(Map<String, Object> env, Map<String, Object> systemProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
		environment.getPropertySources().replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
				new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new HashMap<>(systemProperties)));
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PyroscopeProperties.class)
	static class BindingOnly {

	}

}

package dev.pyroscopestarter.internal.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.pyroscopestarter.testsupport.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every way the starter's configuration can stop an application from starting, run for real: each ends with Spring
 * Boot's "APPLICATION FAILED TO START" report naming the setting, what is wrong and what to write instead, and
 * none repeats a credential.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalysisTest {

	private static final String SECRET = "hunter2";

	static Stream<Arguments> misconfigurations() {
		return Stream.of(
				failure("label name", List.of("--pyroscope.labels[team-name]=core"), Map.of(),
						"The Pyroscope setting 'pyroscope.labels.team-name' is invalid", "'team_name'"),
				failure("label value", List.of("--pyroscope.labels.region=us,eu"), Map.of(),
						"'pyroscope.labels.region' is invalid", "'us_eu'"),
				failure("application name", List.of("--pyroscope.application-name=my app"), Map.of(),
						"'pyroscope.application-name' is invalid", "'my-app'"),
				failure("address scheme", List.of("--pyroscope.server-address=ftp://user:" + SECRET + "@example.com"),
						Map.of(), "'pyroscope.server-address' is invalid: it is not an http or https URL",
						"'http://pyroscope:4040'"),
				failure("address port", List.of("--pyroscope.server-address=http://user:" + SECRET + "@example.com:99999"),
						Map.of(), "'pyroscope.server-address' is invalid: its port is not between 1 and 65535"),
				failure("header value HTTP cannot carry",
						List.of("--pyroscope.server-address=http://127.0.0.1:9",
								"--pyroscope.headers.X-Api-Key=" + SECRET + "\n"),
						Map.of(), "'pyroscope.headers.X-Api-Key' is invalid: it holds characters an HTTP header cannot carry",
						"a line break at its end"),
				failure("token HTTP cannot carry",
						List.of("--pyroscope.server-address=http://127.0.0.1:9", "--pyroscope.auth-token=" + SECRET + "\r"),
						Map.of(), "'pyroscope.auth-token' is invalid: it holds characters an HTTP header cannot carry"),
				failure("temp directory that does not exist",
						List.of("--pyroscope.profiler.temp-directory=/dev/null/pyroscope"), Map.of(),
						"'pyroscope.profiler.temp-directory' is invalid: '/dev/null/pyroscope' is not a directory",
						"or remove it to use java.io.tmpdir"),
				failure("half of basic auth", List.of("--pyroscope.basic-auth.username=123456"), Map.of(),
						"'pyroscope.basic-auth.password' is invalid", "Set pyroscope.basic-auth.password too"),
				failure("upload interval too short", List.of("--pyroscope.upload-interval=100ms"), Map.of(),
						"'pyroscope.upload-interval' is invalid", "at least 1s"),
				failure("queue capacity", List.of("--pyroscope.export.queue-capacity=0"), Map.of(),
						"'pyroscope.export.queue-capacity' is invalid", "1 or more"),
				failure("temp directory", List.of("--pyroscope.profiler.temp-directory=/tmp/a,b"), Map.of(),
						"'pyroscope.profiler.temp-directory' is invalid", "no comma"),
				failure("negative backoff", List.of("--pyroscope.export.initial-backoff=-1s"), Map.of(),
						"'pyroscope.export.initial-backoff' is invalid", "at least 0s"),
				failure("local retention", List.of("--pyroscope.local.retention=0s"), Map.of(),
						"'pyroscope.local.retention' is invalid", "at least 1s"),
				failure("local size", List.of("--pyroscope.local.max-size=0B"), Map.of(),
						"'pyroscope.local.max-size' is invalid", "32MB"),
				failure("duration syntax", List.of("--pyroscope.upload-interval=abc"), Map.of(),
						"The Pyroscope setting 'pyroscope.upload-interval' could not be read: 'abc' is not a duration",
						"10s, 500ms or 2m", "PYROSCOPE_UPLOAD_INTERVAL"),
				failure("event", List.of("--pyroscope.profiler.event=foo"), Map.of(),
						"'foo' is not one of itimer, cpu, wall, ctimer", "PYROSCOPE_PROFILER_EVENT"),
				failure("size syntax", List.of("--pyroscope.profiler.allocation-threshold=lots"), Map.of(),
						"'lots' is not a size", "512KB", "PYROSCOPE_PROFILER_ALLOC"),
				failure("boolean", List.of("--pyroscope.fail-fast=maybe"), Map.of(), "'maybe' is not true or false"),
				failure("number", List.of("--pyroscope.export.max-attempts=many"), Map.of(),
						"'many' is not a whole number", "PYROSCOPE_INGEST_MAX_TRIES"),
				failure("agent variable duration", List.of(), Map.of("PYROSCOPE_UPLOAD_INTERVAL", "abc"),
						"'abc' is not a duration", "Pyroscope agent variables"),
				failure("agent variable labels", List.of(), Map.of("PYROSCOPE_LABELS", "region"),
						"The Pyroscope setting 'PYROSCOPE_LABELS' is invalid", "name=value pairs"),
				failure("agent variable headers", List.of(),
						Map.of("PYROSCOPE_HTTP_HEADERS", "Authorization: Bearer " + SECRET),
						"The Pyroscope setting 'PYROSCOPE_HTTP_HEADERS' is invalid", "JSON object"),
				failure("profiler start with fail-fast",
						List.of("--pyroscope.fail-fast=true", "--pyroscope.profiler.extra-arguments=interval=abc"),
						Map.of(), "The Pyroscope profiler could not start: ", "Invalid interval",
						"pyroscope.fail-fast=false"));
	}

	private final Map<String, String> systemProperties = new HashMap<>();

	@AfterEach
	void clearSystemProperties() {
		this.systemProperties.keySet().forEach(System::clearProperty);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("misconfigurations")
	void failsWithAnActionableReport(String name, List<String> arguments, Map<String, String> systemProperties,
			List<String> expected, CapturedOutput output) {
		this.systemProperties.putAll(systemProperties);
		systemProperties.forEach(System::setProperty);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "pyroscope.upload-interval=1h")
			.run(arguments.toArray(String[]::new))
			.close());
		String report = output.toString().substring(Math.max(0, output.toString().lastIndexOf("APPLICATION FAILED TO START")));
		assertThat(report).startsWith("APPLICATION FAILED TO START").contains("Description:").contains("Action:");
		expected.forEach((fragment) -> assertThat(report).contains(fragment));
		assertThat(output.toString()).doesNotContain(SECRET);
	}

	private static Arguments failure(String name, List<String> arguments, Map<String, String> systemProperties,
			String... expected) {
		return Arguments.of(name, arguments, systemProperties, List.of(expected));
	}

}

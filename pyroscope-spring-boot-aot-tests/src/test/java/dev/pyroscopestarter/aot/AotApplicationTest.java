package dev.pyroscopestarter.aot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link AotApplication}, processed by Spring AOT at build time ({@code process-aot}), run in a JVM of its own from
 * the generated code ({@code -Dspring.aot.enabled=true}) against WireMock standing in for Pyroscope; and run again
 * as if it were a native image, where the starter must turn itself off.
 */
class AotApplicationTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	Path temp;

	@Test
	void runsFromTheGeneratedCodeAndUploadsLabelledProfiles() throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		Child child = Child.start(this.temp, List.of("-Dspring.aot.enabled=true"), "--rides.seconds=120",
				"--ingest.port=" + pyroscope.getPort());
		try {
			await("uploads with samples labelled vehicle=car").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> carSamples() > 20 || !child.process().isAlive());
		}
		finally {
			child.stop();
		}
		assertThat(carSamples()).as(child.output()).isGreaterThan(20);
		assertThat(child.output()).contains("AOT_ARTIFACTS=true")
			.contains("NATIVE_PROFILER_LOADED=true")
			.contains("PROFILER_STATE=RUNNING")
			.contains("HEALTH=UP")
			.contains("Pyroscope profiling started for 'aot-rides'");
		assertThat(uploads().get(0).query("name")).startsWith("aot-rides");
	}

	@Test
	void turnsItselfOffWithOneLineInANativeImage() throws Exception {
		// Spring Boot 4.1 refuses to run as a native image below Java 25 (NativeImageRequirementsException).
		assumeTrue(Runtime.version().feature() >= 25, "Spring Boot's native images need Java 25");
		// NativeDetector reads this property, which a GraalVM native image sets; AOT code is then required, as there.
		Child child = Child.start(this.temp, List.of("-Dorg.graalvm.nativeimage.imagecode=runtime"),
				"--ingest.port=" + pyroscope.getPort());
		assertThat(child.waitForExit()).as(child.output()).isZero();
		assertThat(child.output()).contains("AOT_ARTIFACTS=true")
			.contains("PROFILER_STATE=UNSUPPORTED")
			.contains("HEALTH=UNKNOWN")
			.contains("NATIVE_PROFILER_LOADED=false")
			.doesNotContain("Pyroscope profiling started");
		assertThat(child.output().lines().filter((line) -> line.contains("Pyroscope"))).singleElement()
			.asString()
			.contains("WARN")
			.contains("Pyroscope profiling is off: this is a GraalVM native image");
		assertThat(uploads()).isEmpty();
	}

	@Test
	void buildTimeProcessingEmittedTheStartersHints() throws IOException {
		Path metadata = Path.of("target/classes/META-INF/native-image/dev.pyroscopestarter/pyroscope-spring-boot-aot-tests");
		String hints;
		try (var files = Files.list(metadata)) {
			List<Path> all = files.toList();
			StringBuilder text = new StringBuilder();
			for (Path file : all) {
				text.append(Files.readString(file));
			}
			hints = text.toString();
		}
		assertThat(hints).contains("io.pyroscope.labels.v2.ScopedContext")
			.contains("dev.pyroscopestarter.aot.RideService")
			.contains("dev.pyroscopestarter.aot.Order");
	}

	private static long carSamples() {
		return uploads().stream().mapToLong((upload) -> upload.samplesByLabel("vehicle").getOrDefault("car", 0L)).sum();
	}

	private static List<IngestedProfile> uploads() {
		return IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest"))));
	}

	private record Child(Process process, Path log) {

		static Child start(Path temp, List<String> jvmArguments, String... applicationArguments) throws IOException {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvmArguments);
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(AotApplication.class.getName());
			command.addAll(List.of(applicationArguments));
			command.add("--spring.main.banner-mode=off");
			Path log = Files.createTempFile(temp, "child", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new Child(process, log);
		}

		int waitForExit() throws InterruptedException {
			if (!this.process.waitFor(2, TimeUnit.MINUTES)) {
				this.process.destroyForcibly();
			}
			return this.process.exitValue();
		}

		// SIGTERM: a graceful shutdown, as a platform would stop the application.
		void stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(1, TimeUnit.MINUTES)) {
				this.process.destroyForcibly().waitFor();
			}
		}

		String output() throws IOException {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}

	}

}

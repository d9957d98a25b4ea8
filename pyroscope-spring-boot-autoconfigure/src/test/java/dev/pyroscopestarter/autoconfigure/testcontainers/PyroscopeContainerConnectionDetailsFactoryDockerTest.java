package dev.pyroscopestarter.autoconfigure.testcontainers;

import java.time.Duration;

import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.annotation.DirtiesContext;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code grafana/pyroscope} container found through {@code @ServiceConnection}. Needs a Docker engine: JUnit
 * reports it skipped ("disabledWithoutDocker") where there is none, as on the project's build machines. Its context,
 * which runs the JVM-wide profiler, is closed after the class rather than kept in the test context cache.
 */
@Testcontainers(disabledWithoutDocker = true)
@DirtiesContext
@SpringBootTest(classes = PyroscopeContainerConnectionDetailsFactoryDockerTest.class,
		properties = { "spring.application.name=orders", "pyroscope.upload-interval=1h" })
@ImportAutoConfiguration(PyroscopeAutoConfiguration.class)
class PyroscopeContainerConnectionDetailsFactoryDockerTest {

	@Container
	@ServiceConnection
	static final GenericContainer<?> pyroscope = new GenericContainer<>(DockerImageName.parse("grafana/pyroscope:1.18.0"))
		.withExposedPorts(4040);

	@Autowired
	private IngestExporter exporter;

	@Test
	void uploadsReachTheContainer() {
		this.exporter.export(Windows.withLabels(0));
		await("accepted by the container").atMost(Duration.ofSeconds(60))
			.until(() -> this.exporter.figures().succeeded() == 1);
	}

}

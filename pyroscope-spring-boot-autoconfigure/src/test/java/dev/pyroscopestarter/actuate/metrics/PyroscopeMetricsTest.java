package dev.pyroscopestarter.actuate.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.export.IngestExporter;
import dev.pyroscopestarter.export.RecentProfiles;
import dev.pyroscopestarter.testsupport.Await;
import dev.pyroscopestarter.testsupport.Snapshots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyroscope.javaagent.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload metrics against WireMock standing in for Pyroscope: each meter follows what the exporter did.
 */
class PyroscopeMetricsTest {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private IngestExporter exporter;

	@AfterEach
	void close() {
		if (this.exporter != null) {
			this.exporter.close();
		}
	}

	@Test
	void successfulUploadsAreCountedTimedAndMeasured() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		this.exporter = exporter(8, 3);
		new PyroscopeMetrics(this.exporter).bindTo(this.registry);
		this.exporter.export(Snapshots.withLabels(1));
		this.exporter.export(Snapshots.withLabels(2));
		Timer timer = this.registry.get("pyroscope.upload.duration").tag("outcome", "success").timer();
		// The counter moves when the server answers, the timer just after and the queue once the sender is idle.
		Await.until(Duration.ofSeconds(10), "two uploads counted, timed and off the queue",
				() -> counter("pyroscope.uploads", "outcome", "success") == 2 && timer.count() == 2
						&& this.registry.get("pyroscope.queue.size").gauge().value() == 0);
		assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(counter("pyroscope.upload.bytes")).isEqualTo(this.exporter.figures().bytesSent()).isPositive();
		assertThat(this.registry.get("pyroscope.upload.bytes").functionCounter().getId().getBaseUnit())
			.isEqualTo("bytes");
		assertThat(counter("pyroscope.uploads", "outcome", "failure")).isZero();
	}

	@Test
	void failuresRetriesAndDropsAreCountedByReason() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(503)));
		this.exporter = exporter(8, 2);
		new PyroscopeMetrics(this.exporter).bindTo(this.registry);
		this.exporter.export(Snapshots.withLabels(1));
		Await.until(Duration.ofSeconds(10), "the profile given up",
				() -> counter("pyroscope.drops", "reason", "retries_exhausted") == 1);
		assertThat(counter("pyroscope.uploads", "outcome", "failure")).isEqualTo(2);
		assertThat(counter("pyroscope.upload.retries")).isEqualTo(1);
		assertThat(this.registry.get("pyroscope.upload.duration").tag("outcome", "failure").timer().count())
			.isEqualTo(2);
		assertThat(counter("pyroscope.drops", "reason", "rejected")).isZero();

		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(400)));
		this.exporter.export(Snapshots.withLabels(2));
		Await.until(Duration.ofSeconds(10), "the profile rejected", () -> counter("pyroscope.drops", "reason", "rejected") == 1);
	}

	@Test
	void queueSizeFollowsProfilesWaitingAndAFullQueueCountsDrops() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
		this.exporter = exporter(2, 1);
		new PyroscopeMetrics(this.exporter).bindTo(this.registry);
		for (int i = 0; i < 5; i++) {
			this.exporter.export(Snapshots.withLabels(i));
		}
		assertThat(this.registry.get("pyroscope.queue.size").gauge().value()).isBetween(2.0, 3.0);
		assertThat(counter("pyroscope.drops", "reason", "queue_full")).isBetween(2.0, 3.0);
		Await.until(Duration.ofSeconds(20), "the queue drained",
				() -> this.registry.get("pyroscope.queue.size").gauge().value() == 0);
	}

	@Test
	void localModeCountsWindowsKeptAndHasNoUploadTimer() {
		RecentProfiles recent = new RecentProfiles(Duration.ofMinutes(5), 1_000_000);
		new PyroscopeMetrics(recent).bindTo(this.registry);
		recent.export(Snapshots.withLabels(1));
		assertThat(counter("pyroscope.uploads", "outcome", "success")).isEqualTo(1);
		assertThat(counter("pyroscope.upload.bytes")).isEqualTo(Snapshots.withLabels(1).data.length);
		assertThat(this.registry.find("pyroscope.upload.duration").timer()).isNull();
	}

	private double counter(String name, String... tags) {
		return this.registry.get(name).tags(tags).functionCounter().count();
	}

	private static IngestExporter exporter(int queueCapacity, int maxAttempts) {
		Config config = new Config.Builder().setApplicationName("metrics-test")
			.setServerAddress(server.baseUrl())
			.setPushQueueCapacity(queueCapacity)
			.setIngestMaxRetries(maxAttempts)
			.setProfileExportTimeout(Duration.ofSeconds(5))
			.build();
		return new IngestExporter(config, Duration.ofMillis(20), Duration.ofMillis(50));
	}

}

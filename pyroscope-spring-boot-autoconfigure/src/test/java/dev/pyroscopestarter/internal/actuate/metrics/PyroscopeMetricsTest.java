package dev.pyroscopestarter.internal.actuate.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.IngestSettings;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.testsupport.TestProfilers;
import dev.pyroscopestarter.testsupport.Windows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		new UploadMetrics(this.exporter).bindTo(this.registry);
		this.exporter.export(Windows.withLabels(1));
		this.exporter.export(Windows.withLabels(2));
		Timer timer = this.registry.get("pyroscope.upload.duration").tag("outcome", "success").timer();
		// The counter moves when the server answers, the timer just after and the queue once the sender is idle.
		await("two uploads counted, timed and off the queue").atMost(Duration.ofSeconds(10)).until(() -> counter("pyroscope.uploads", "outcome", "success") == 2 && timer.count() == 2
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
		new UploadMetrics(this.exporter).bindTo(this.registry);
		this.exporter.export(Windows.withLabels(1));
		await("the profile given up").atMost(Duration.ofSeconds(10)).until(() -> counter("pyroscope.drops", "reason", "retries_exhausted") == 1);
		assertThat(counter("pyroscope.uploads", "outcome", "failure")).isEqualTo(2);
		assertThat(counter("pyroscope.upload.retries")).isEqualTo(1);
		assertThat(this.registry.get("pyroscope.upload.duration").tag("outcome", "failure").timer().count())
			.isEqualTo(2);
		assertThat(counter("pyroscope.drops", "reason", "rejected")).isZero();

		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(400)));
		this.exporter.export(Windows.withLabels(2));
		await("the profile rejected").atMost(Duration.ofSeconds(10)).until(() -> counter("pyroscope.drops", "reason", "rejected") == 1);
	}

	@Test
	void queueSizeFollowsProfilesWaitingAndAFullQueueCountsDrops() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
		this.exporter = exporter(2, 1);
		new UploadMetrics(this.exporter).bindTo(this.registry);
		for (int i = 0; i < 5; i++) {
			this.exporter.export(Windows.withLabels(i));
		}
		assertThat(this.registry.get("pyroscope.queue.size").gauge().value()).isBetween(2.0, 3.0);
		assertThat(counter("pyroscope.drops", "reason", "queue_full")).isBetween(2.0, 3.0);
		await("the queue drained").atMost(Duration.ofSeconds(20)).until(() -> this.registry.get("pyroscope.queue.size").gauge().value() == 0);
	}

	@Test
	void localModeCountsWindowsKeptAndEvictedNotUploads() {
		// Raw recordings kept (the JFR download's store): they weigh most, which makes the size limit easy to reach.
		LocalProfileStore store = new LocalProfileStore(Duration.ofMinutes(5), 5_000, true);
		new LocalStoreMetrics(store).bindTo(this.registry);
		store.export(Windows.withLabels(1));
		store.flush(Duration.ofSeconds(10));
		assertThat(counter("pyroscope.local.evictions", "reason", "age")).as("a window older than the retention")
			.isEqualTo(1);
		Instant now = Instant.now();
		for (int i = 0; i < 3; i++) {
			store.export(Windows.of(now.minusSeconds(30 - i * 10), now.minusSeconds(20 - i * 10), new byte[2_000],
					Windows.labels()));
			// Parsed on the store's worker: one at a time here, as windows come every upload interval.
			store.flush(Duration.ofSeconds(10));
		}
		long windowSize = 2_000 + Windows.labels().toByteArray().length;
		assertThat(this.registry.get("pyroscope.local.windows").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("pyroscope.local.size").gauge().value())
			.as("two recordings, and the aggregates of the windows (nothing readable in these bytes: small)")
			.isEqualTo(store.figures().retainedBytes())
			.isGreaterThan(2.0 * windowSize)
			.isLessThanOrEqualTo(5_000);
		assertThat(store.figures().recordingBytes()).isEqualTo(2 * windowSize);
		assertThat(counter("pyroscope.local.evictions", "reason", "size")).isEqualTo(1);
		assertThat(counter("pyroscope.local.evictions", "reason", "age")).isEqualTo(1);
		assertThat(this.registry.find("pyroscope.uploads").meters()).isEmpty();
	}

	private double counter(String name, String... tags) {
		return this.registry.get(name).tags(tags).functionCounter().count();
	}

	private static IngestExporter exporter(int queueCapacity, int maxAttempts) {
		return new IngestExporter(new IngestSettings(server.baseUrl(), "metrics-test", null, Map.of(),
				IngestCredentials.none(), Duration.ofSeconds(5), queueCapacity, 32L << 20, maxAttempts,
				Duration.ofMillis(20), Duration.ofMillis(50), null, null));
	}

	@Test
	void theProfilersStateIsAGaugePerState() {
		AgentSettings settings = new AgentSettings("state-metrics", Map.of(), ProfilingEvent.ITIMER,
				Duration.ofMillis(10), Duration.ofSeconds(10), null, false, null, 1000, false, null, null,
				"interval=abc");
		PyroscopeProfiler profiler = TestProfilers.profiler(settings,
				new LocalProfileStore(Duration.ofMinutes(1), 1_000_000));
		new ProfilerStateMetrics(profiler).bindTo(this.registry);
		assertThat(this.registry.get("pyroscope.profiler.state").tag("state", "new").gauge().value()).isEqualTo(1);
		profiler.start();
		assertThat(this.registry.get("pyroscope.profiler.state").tag("state", "failed").gauge().value())
			.as("a profiler that cannot start shows here, not in the application's health").isEqualTo(1);
		assertThat(this.registry.get("pyroscope.profiler.state").tag("state", "new").gauge().value()).isZero();
		assertThat(this.registry.get("pyroscope.profiler.state").tag("state", "running").gauge().value()).isZero();
	}

}

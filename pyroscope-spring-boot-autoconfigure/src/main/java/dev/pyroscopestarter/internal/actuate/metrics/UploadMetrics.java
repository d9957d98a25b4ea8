package dev.pyroscopestarter.internal.actuate.metrics;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.pyroscopestarter.export.ingest.UploadOutcome;
import dev.pyroscopestarter.internal.export.ingest.DropReason;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.UploadFigures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the profile uploads, read from the exporter's own counters:
 * <ul>
 * <li>{@code pyroscope.uploads} (counter, tag {@code outcome}: {@code success}, {@code failure}): upload
 * attempts</li>
 * <li>{@code pyroscope.upload.retries} (counter): attempts that were retries</li>
 * <li>{@code pyroscope.upload.duration} (timer, tag {@code outcome}): time per attempt</li>
 * <li>{@code pyroscope.upload.bytes} (counter, bytes): request bodies accepted by the server</li>
 * <li>{@code pyroscope.queue.size} (gauge): profiles waiting for upload, the one in flight included</li>
 * <li>{@code pyroscope.queue.bytes} (gauge, bytes): memory they hold</li>
 * <li>{@code pyroscope.drops} (counter, tag {@code reason}: {@code queue_full}, {@code rejected},
 * {@code retries_exhausted}, {@code shutdown}): profiles given up</li>
 * </ul>
 */
public class UploadMetrics implements MeterBinder {

	private final IngestExporter exporter;

	public UploadMetrics(IngestExporter exporter) {
		this.exporter = exporter;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter("pyroscope.uploads", UploadFigures::succeeded, "Profile upload attempts")
			.tag("outcome", "success")
			.register(registry);
		counter("pyroscope.uploads", UploadFigures::failedAttempts, "Profile upload attempts")
			.tag("outcome", "failure")
			.register(registry);
		counter("pyroscope.upload.retries", UploadFigures::retried, "Upload attempts that were retries")
			.register(registry);
		counter("pyroscope.upload.bytes", UploadFigures::bytesSent, "Bytes of profiles accepted")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("pyroscope.queue.size", this.exporter, (exporter) -> exporter.figures().queueDepth())
			.description("Profiles waiting for upload, the one in flight included")
			.register(registry);
		Gauge.builder("pyroscope.queue.bytes", this.exporter, (exporter) -> exporter.figures().queueBytes())
			.description("Memory held by the profiles waiting for upload, the one in flight included")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		for (DropReason reason : DropReason.values()) {
			counter("pyroscope.drops", (figures) -> figures.dropped().getOrDefault(reason, 0L), "Profiles given up")
				.tag("reason", reason.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		counter("pyroscope.upload.labels.fitted", UploadFigures::labelNamesLeftOut,
				"Labels fitted to the server's limits before upload")
			.tag("reason", "too_many_names")
			.register(registry);
		counter("pyroscope.upload.labels.fitted", UploadFigures::labelTextsCut,
				"Labels fitted to the server's limits before upload")
			.tag("reason", "too_long")
			.register(registry);
		Timer[] timers = new Timer[UploadOutcome.values().length];
		for (UploadOutcome outcome : UploadOutcome.values()) {
			timers[outcome.ordinal()] = Timer.builder("pyroscope.upload.duration")
				.description("Time of one profile upload attempt")
				.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		this.exporter.addUploadListener((outcome, duration, bytes) -> timers[outcome.ordinal()].record(duration));
	}

	private FunctionCounter.Builder<IngestExporter> counter(String name, ToDoubleFunction<UploadFigures> value,
			String description) {
		return FunctionCounter.builder(name, this.exporter, (exporter) -> value.applyAsDouble(exporter.figures()))
			.description(description);
	}

}

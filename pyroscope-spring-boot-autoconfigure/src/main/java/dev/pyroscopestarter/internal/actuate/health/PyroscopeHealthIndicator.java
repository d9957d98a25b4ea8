package dev.pyroscopestarter.internal.actuate.health;

import java.time.Instant;
import java.util.Locale;

import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.UploadFigures;
import dev.pyroscopestarter.internal.profiler.ProfilerStatus;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code pyroscope} health contributor: {@code UP} while the profiler runs and its uploads succeed (or none
 * has been attempted yet, or it does not upload with the starter's exporter); {@code DOWN} with the reason when it could not start or when
 * the latest upload attempt failed; {@code UNKNOWN} when it is not running on purpose (stopped by an operator,
 * not started yet, or an agent started with {@code -javaagent} profiles instead).
 * <p>
 * It is part of {@code /actuator/health}, but not of the liveness and readiness groups: a profiler problem must
 * never get an instance restarted or taken out of a load balancer.
 */
public class PyroscopeHealthIndicator implements HealthIndicator {

	private final PyroscopeProfiler profiler;

	private final @Nullable IngestExporter uploads;

	/**
	 * @param profiler the profiler
	 * @param uploads the starter's uploader, or null when profiles are kept locally or go to the application's own
	 * exporter
	 */
	public PyroscopeHealthIndicator(PyroscopeProfiler profiler, @Nullable IngestExporter uploads) {
		this.profiler = profiler;
		this.uploads = uploads;
	}

	@Override
	public Health health() {
		ProfilerStatus status = this.profiler.status();
		Health.Builder health = switch (status.state()) {
			case RUNNING -> running();
			case FAILED, STALLED -> Health.down().withDetail("reason", reason(status));
			case STOPPED -> Health.unknown().withDetail("reason", "profiling is stopped");
			case NEW -> Health.unknown().withDetail("reason", "profiling has not started yet");
			case UNSUPPORTED -> Health.unknown().withDetail("reason", reason(status));
			case EXTERNAL -> Health.unknown()
				.withDetail("reason", "a Pyroscope agent started outside the starter (-javaagent) is profiling");
		};
		return health.withDetail("state", status.state().name().toLowerCase(Locale.ROOT))
			.withDetail("since", status.since().toString())
			.build();
	}

	private Health.Builder running() {
		if (this.uploads == null) {
			return Health.up().withDetail("mode", "local");
		}
		UploadFigures figures = this.uploads.figures();
		Health.Builder health = failing(figures) ? Health.down().withDetail("reason", "uploads are failing")
				: Health.up();
		health.withDetail("mode", "upload").withDetail("uploaded", figures.succeeded());
		putIfPresent(health, "lastSuccess", figures.lastSuccess());
		if (figures.lastFailure() != null) {
			health.withDetail("lastFailure", figures.lastFailure().toString());
			if (figures.lastStatus() > 0) {
				health.withDetail("lastStatus", figures.lastStatus());
			}
			if (figures.lastError() != null) {
				health.withDetail("lastError", figures.lastError());
			}
		}
		if (figures.droppedTotal() > 0) {
			health.withDetail("dropped", figures.droppedTotal());
		}
		return health;
	}

	// Failing: the latest attempt failed. One success brings it back up.
	private static boolean failing(UploadFigures figures) {
		return figures.lastFailure() != null
				&& (figures.lastSuccess() == null || figures.lastFailure().isAfter(figures.lastSuccess()));
	}

	// The profiler gives a reason for each of these states; the state's name stands in should one be missing.
	private static String reason(ProfilerStatus status) {
		String reason = status.reason();
		return (reason != null) ? reason : status.state().name().toLowerCase(Locale.ROOT);
	}

	private static void putIfPresent(Health.Builder health, String name, @Nullable Instant instant) {
		if (instant != null) {
			health.withDetail(name, instant.toString());
		}
	}

}

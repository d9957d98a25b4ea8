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
 * The {@code pyroscope} health contributor. Profiling is optional telemetry: by default nothing it does changes the
 * application's health. A profiler that failed or stalled, or uploads that fail, are reported as {@code UP} with a
 * {@code problem} and its details, for operators to read; {@code /actuator/health}'s status and HTTP code stay
 * what the application's own contributors make them, so a Pyroscope outage never takes an instance out of a load
 * balancer or gets it restarted. With {@code downWhenFailing} (a team's opt-in) the same problems report
 * {@code DOWN}. {@code UNKNOWN} when it is not running on purpose (stopped by an operator, not started yet, a native
 * image, or an agent started with {@code -javaagent} profiles instead).
 */
public class PyroscopeHealthIndicator implements HealthIndicator {

	private final PyroscopeProfiler profiler;

	private final @Nullable IngestExporter uploads;

	private final boolean downWhenFailing;

	/**
	 * @param profiler the profiler
	 * @param uploads the starter's uploader, or null when profiles are kept locally or go to the application's own
	 * exporter
	 * @param downWhenFailing whether a problem reports {@code DOWN} rather than {@code UP} with the problem
	 */
	public PyroscopeHealthIndicator(PyroscopeProfiler profiler, @Nullable IngestExporter uploads,
			boolean downWhenFailing) {
		this.profiler = profiler;
		this.uploads = uploads;
		this.downWhenFailing = downWhenFailing;
	}

	@Override
	public Health health() {
		ProfilerStatus status = this.profiler.status();
		Health.Builder health = switch (status.state()) {
			case RUNNING -> running();
			case FAILED -> problem("profiling failed to start").withDetail("reason", reason(status));
			case STALLED -> problem("profiling has stalled").withDetail("reason", reason(status));
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
		Health.Builder health = failing(figures) ? problem("uploads are failing") : Health.up();
		health.withDetail("mode", "upload").withDetail("uploaded", figures.succeeded());
		putIfPresent(health, "lastSuccess", figures.lastSuccess());
		Instant lastFailure = figures.lastFailure();
		if (lastFailure != null) {
			health.withDetail("lastFailure", lastFailure.toString());
			if (figures.lastStatus() > 0) {
				health.withDetail("lastStatus", figures.lastStatus());
			}
			String lastError = figures.lastError();
			if (lastError != null) {
				health.withDetail("lastError", lastError);
			}
		}
		if (figures.droppedTotal() > 0) {
			health.withDetail("dropped", figures.droppedTotal());
		}
		return health;
	}

	// UP unless the team asked for problems to count; the problem is in the details either way.
	private Health.Builder problem(String problem) {
		Health.Builder health = this.downWhenFailing ? Health.down() : Health.up();
		return health.withDetail("problem", problem);
	}

	// The profiler gives a reason for each of these states; the state's name stands in should one be missing.
	private static String reason(ProfilerStatus status) {
		String reason = status.reason();
		return (reason != null) ? reason : status.state().name().toLowerCase(Locale.ROOT);
	}

	// Failing: the latest attempt failed. One success brings it back.
	private static boolean failing(UploadFigures figures) {
		Instant lastFailure = figures.lastFailure();
		Instant lastSuccess = figures.lastSuccess();
		return lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
	}

	private static void putIfPresent(Health.Builder health, String name, @Nullable Instant instant) {
		if (instant != null) {
			health.withDetail(name, instant.toString());
		}
	}

}

package dev.pyroscopestarter.actuate.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pyroscopestarter.autoconfigure.PyroscopeProperties;
import dev.pyroscopestarter.config.DurationText;
import dev.pyroscopestarter.config.PyroscopeSettings;
import dev.pyroscopestarter.export.DropReason;
import dev.pyroscopestarter.export.RecentProfiles;
import dev.pyroscopestarter.export.UploadFigures;
import dev.pyroscopestarter.profiler.ProfilerState;
import dev.pyroscopestarter.profiler.ProfilerStatus;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import io.pyroscope.PyroscopeAsyncProfiler;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.Snapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/pyroscope} answers: whether profiling runs, with which settings, and how uploads go.
 * Built from the resolved settings field by field, so that nothing secret can slip in: no token, no password, no
 * header value, and the server address without its user info.
 *
 * @param state {@code running}, {@code stopped}, {@code failed}, {@code external} (an agent started outside the
 * starter, with {@code -javaagent}), {@code new} (not started yet) or {@code disabled}
 * @param reason why it failed, stopped or is disabled, or null
 * @param since when it entered that state, or null
 * @param engine the profiling engine
 * @param applicationName the name profiles are stored under
 * @param mode {@code upload} or {@code local}
 * @param serverAddress where profiles go, without credentials; null in local mode
 * @param authentication {@code basic}, {@code bearer-token} or {@code none}: how uploads authenticate, never with
 * what
 * @param profiling what is sampled, and how often
 * @param labels the static labels
 * @param labelCardinality distinct values per dynamic label
 * @param uploads upload counters
 * @param local what local mode holds, or null when uploading
 */
public record PyroscopeDescriptor(String state, @Nullable String reason, @Nullable String since,
		@Nullable Engine engine, @Nullable String applicationName, @Nullable String mode,
		@Nullable String serverAddress, @Nullable String authentication, @Nullable Profiling profiling,
		Map<String, String> labels, Map<String, Integer> labelCardinality, @Nullable Uploads uploads,
		@Nullable Local local) implements OperationResponseBody {

	/** The state when no profiler exists. */
	static PyroscopeDescriptor disabled(String reason) {
		return new PyroscopeDescriptor("disabled", reason, null, null, null, null, null, null, null, Map.of(),
				Map.of(), null, null);
	}

	static PyroscopeDescriptor of(PyroscopeProfiler profiler, Map<String, Integer> labelCardinality) {
		ProfilerStatus status = profiler.status();
		PyroscopeSettings settings = profiler.settings();
		PyroscopeProperties properties = settings.properties();
		Local local = (profiler.exporter() instanceof RecentProfiles recent) ? Local.of(recent, properties) : null;
		return new PyroscopeDescriptor(state(status.state()), reason(status), text(status.since()),
				Engine.of(status.state()), settings.applicationName(), settings.localMode() ? "local" : "upload",
				settings.displayServerAddress(), settings.localMode() ? null : authentication(properties),
				Profiling.of(properties), settings.labels(), labelCardinality, Uploads.of(profiler.exporter().figures()),
				local);
	}

	static String state(ProfilerState state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

	private static @Nullable String reason(ProfilerStatus status) {
		return switch (status.state()) {
			case FAILED -> status.reason();
			case EXTERNAL -> "a Pyroscope agent started outside the starter (-javaagent) is profiling this JVM; "
					+ "its own settings apply and its uploads are not counted here";
			default -> null;
		};
	}

	// Says which mechanism is configured, with the same precedence as the uploads; never a credential.
	private static String authentication(PyroscopeProperties properties) {
		PyroscopeProperties.BasicAuth basicAuth = properties.getBasicAuth();
		if (hasText(basicAuth.getUsername()) && hasText(basicAuth.getPassword())) {
			return "basic";
		}
		if (hasUserInfo(properties.getServerAddress())) {
			return "basic";
		}
		return hasText(properties.getAuthToken()) ? "bearer-token" : "none";
	}

	private static boolean hasUserInfo(@Nullable String address) {
		try {
			return address != null && new URI(address.trim()).getRawUserInfo() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * The profiling engine.
	 *
	 * @param name what samples
	 * @param agentVersion version of {@code io.pyroscope:agent}
	 * @param profilerVersion version of its native profiler, known once it is loaded
	 */
	public record Engine(String name, @Nullable String agentVersion, @Nullable String profilerVersion) {

		static Engine of(ProfilerState state) {
			Package agentPackage = PyroscopeAgent.class.getPackage();
			String agentVersion = (agentPackage != null) ? agentPackage.getImplementationVersion() : null;
			return new Engine("async-profiler (Pyroscope's fork, from io.pyroscope:agent)", agentVersion,
					(state == ProfilerState.RUNNING || state == ProfilerState.EXTERNAL) ? nativeVersion() : null);
		}

		// Only asked once the native library is loaded: asking earlier would load it.
		private static @Nullable String nativeVersion() {
			try {
				return PyroscopeAsyncProfiler.getAsyncProfiler().getVersion();
			}
			catch (LinkageError | RuntimeException ex) {
				return null;
			}
		}

	}

	/**
	 * What is sampled, and how often.
	 *
	 * @param event the CPU sampling event
	 * @param interval time between two samples
	 * @param uploadInterval length of one profiling window
	 * @param allocationThreshold bytes between two allocation samples, or null when off
	 * @param allocationLive whether only live objects are kept
	 * @param lockThreshold shortest lock wait recorded, or null when off
	 * @param stackDepth deepest Java stack recorded
	 */
	public record Profiling(String event, String interval, String uploadInterval, @Nullable Long allocationThreshold,
			boolean allocationLive, @Nullable String lockThreshold, int stackDepth) {

		static Profiling of(PyroscopeProperties properties) {
			PyroscopeProperties.Profiler profiler = properties.getProfiler();
			return new Profiling(profiler.getEvent().name().toLowerCase(Locale.ROOT),
					DurationText.of(profiler.getInterval()), DurationText.of(properties.getUploadInterval()),
					(profiler.getAllocationThreshold() != null) ? profiler.getAllocationThreshold().toBytes() : null,
					profiler.isAllocationLive(), DurationText.of(profiler.getLockThreshold()), profiler.getStackDepth());
		}

	}

	/**
	 * Upload counters. In local mode a window kept in memory counts as a successful upload.
	 *
	 * @param succeeded profiles the server accepted
	 * @param failedAttempts attempts that failed, retried or not
	 * @param retried attempts that were retries
	 * @param dropped profiles given up
	 * @param droppedByReason the same, by reason
	 * @param bytesSent bytes of accepted request bodies
	 * @param lastSuccess when the last profile was accepted
	 * @param lastFailure when the last attempt failed
	 * @param lastStatus the last HTTP status received, or null
	 * @param lastError the last failure, or null
	 * @param queueDepth profiles waiting, the one in flight included
	 */
	public record Uploads(long succeeded, long failedAttempts, long retried, long dropped,
			Map<String, Long> droppedByReason, long bytesSent, @Nullable String lastSuccess,
			@Nullable String lastFailure, @Nullable Integer lastStatus, @Nullable String lastError, int queueDepth) {

		static Uploads of(UploadFigures figures) {
			Map<String, Long> dropped = new LinkedHashMap<>();
			for (DropReason reason : DropReason.values()) {
				dropped.put(reason.name().toLowerCase(Locale.ROOT), figures.dropped().getOrDefault(reason, 0L));
			}
			return new Uploads(figures.succeeded(), figures.failedAttempts(), figures.retried(),
					figures.droppedTotal(), dropped, figures.bytesSent(), text(figures.lastSuccess()),
					text(figures.lastFailure()), (figures.lastStatus() > 0) ? figures.lastStatus() : null,
					figures.lastError(), figures.queueDepth());
		}

	}

	/**
	 * What local mode keeps in memory.
	 *
	 * @param retention how long windows are kept
	 * @param maxSizeBytes most memory they may use
	 * @param retainedBytes memory they use now
	 * @param windows windows kept
	 * @param oldestWindowStart start of the oldest window kept, or null
	 * @param newestWindowEnd end of the newest window kept, or null; the window in progress is not kept yet
	 */
	public record Local(String retention, long maxSizeBytes, long retainedBytes, int windows,
			@Nullable String oldestWindowStart, @Nullable String newestWindowEnd) {

		static Local of(RecentProfiles recent, PyroscopeProperties properties) {
			List<Snapshot> windows = recent.lastWindows(properties.getLocal().getRetention());
			return new Local(DurationText.of(properties.getLocal().getRetention()),
					properties.getLocal().getMaxSize().toBytes(), recent.retainedBytes(), windows.size(),
					windows.isEmpty() ? null : text(windows.get(0).started),
					windows.isEmpty() ? null : text(windows.get(windows.size() - 1).ended));
		}

	}

}

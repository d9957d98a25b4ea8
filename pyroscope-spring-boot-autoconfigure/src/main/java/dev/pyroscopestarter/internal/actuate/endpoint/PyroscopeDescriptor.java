package dev.pyroscopestarter.internal.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.config.DurationText;
import dev.pyroscopestarter.internal.export.ingest.DropReason;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.IngestSettings;
import dev.pyroscopestarter.internal.export.ingest.UploadFigures;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.local.LocalStoreFigures;
import dev.pyroscopestarter.internal.profiler.MoreProfiling;
import dev.pyroscopestarter.internal.profiler.OnDemandProfiling;
import dev.pyroscopestarter.internal.origin.FleetShare;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.ProfilerStatus;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/pyroscope} answers: whether profiling runs, with which settings, and how uploads go.
 * Built field by field from what the profiler and its exporter run with, so that nothing secret can slip in: no token, no password, no
 * header value, and the server address without its user info.
 *
 * @param state {@code running}, {@code stalled} (no window for several upload intervals), {@code stopped},
 * {@code failed}, {@code external} (an agent started outside the
 * starter, with {@code -javaagent}), {@code new} (not started yet) or {@code disabled}
 * @param reason why it failed, stopped, is disabled, or was not started (outside the profiled share of the fleet),
 * or null
 * @param since when it entered that state, or null
 * @param engine the profiling engine
 * @param applicationName the name profiles are stored under
 * @param mode {@code upload}, {@code local}, or {@code custom} (the application's own {@code ProfileExporter})
 * @param serverAddress where profiles go, without credentials; null in local mode
 * @param authentication {@code basic}, {@code bearer-token} or {@code none}: how uploads authenticate, never with
 * what
 * @param profiling what is sampled, and how often
 * @param labels the static labels
 * @param labelCardinality distinct values per dynamic label
 * @param uploads upload counters, or null when not uploading with the starter's exporter
 * @param local what local mode holds, or null when not in local mode
 * @param unreadableWindows windows the profiler dropped because their recording could not be read
 * @param virtualThreads whether labels follow virtual threads, or null when no virtual thread asked for it yet
 * @param fleet whether this instance is in the profiled share of its fleet ({@code pyroscope.fleet-share}), or null
 */
public record PyroscopeDescriptor(String state, @Nullable String reason, @Nullable String since,
		@Nullable Engine engine, @Nullable String applicationName, @Nullable String mode,
		@Nullable String serverAddress, @Nullable String authentication, @Nullable Profiling profiling,
		Map<String, String> labels, Map<String, Integer> labelCardinality, @Nullable Uploads uploads,
		@Nullable Local local, long unreadableWindows, @Nullable VirtualThreads virtualThreads, @Nullable Fleet fleet)
		implements OperationResponseBody {

	/** The state when no profiler exists. */
	static PyroscopeDescriptor disabled(String reason) {
		return new PyroscopeDescriptor("disabled", reason, null, null, null, null, null, null, null, Map.of(),
				Map.of(), null, null, 0, null, null);
	}

	static PyroscopeDescriptor of(PyroscopeProfiler profiler, @Nullable IngestExporter uploads,
			@Nullable LocalProfileStore store, Map<String, Integer> labelCardinality) {
		ProfilerStatus status = profiler.status();
		AgentSettings agent = profiler.agentSettings();
		String mode = (uploads != null) ? "upload" : (store != null) ? "local" : "custom";
		return new PyroscopeDescriptor(state(status.state()), reason(status), text(status.since()),
				Engine.of(status.state()), agent.applicationName(), mode,
				(uploads != null) ? uploads.displayAddress() : null,
				(uploads != null) ? authentication(uploads.authentication()) : null,
				Profiling.of(agent, profiler.onDemand()), agent.labels(),
				labelCardinality, (uploads != null) ? Uploads.of(uploads.figures()) : null,
				(store != null) ? Local.of(store) : null, profiler.unreadableWindows(),
				VirtualThreads.of(VirtualThreadHooks.shared()), Fleet.of(profiler.fleetShare()));
	}

	static String state(ProfilerState state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

	private static @Nullable String reason(ProfilerStatus status) {
		return switch (status.state()) {
			case FAILED, STALLED, NEW -> status.reason();
			case EXTERNAL -> "a Pyroscope agent started outside the starter (-javaagent) is profiling this JVM; "
					+ "its own settings apply and its uploads are not counted here";
			default -> null;
		};
	}

	// Says which mechanism is used, never with what.
	private static String authentication(IngestSettings.Authentication authentication) {
		return switch (authentication) {
			case BASIC, BASIC_IN_ADDRESS -> "basic";
			case BEARER_TOKEN -> "bearer-token";
			case NONE -> "none";
		};
	}

	static @Nullable String durationText(@Nullable Duration duration) {
		return (duration != null) ? DurationText.of(duration) : null;
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
			// Only asked once the native library is loaded: asking earlier would load it.
			boolean loaded = state == ProfilerState.RUNNING || state == ProfilerState.EXTERNAL;
			return new Engine("async-profiler (Pyroscope's fork, from io.pyroscope:agent)",
					ProfilingAgent.agentVersion(), loaded ? ProfilingAgent.nativeVersion() : null);
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
	 * @param wallClockInterval time between two wall-clock samples beside the CPU samples, or null when off
	 * @param onDemand more profiling an operator switched on for a while, or null
	 */
	public record Profiling(String event, String interval, String uploadInterval, @Nullable Long allocationThreshold,
			boolean allocationLive, @Nullable String lockThreshold, int stackDepth, @Nullable String wallClockInterval,
			@Nullable OnDemand onDemand) {

		static Profiling of(AgentSettings agent, @Nullable OnDemandProfiling onDemand) {
			return new Profiling(agent.event().name().toLowerCase(Locale.ROOT), DurationText.of(agent.interval()),
					DurationText.of(agent.uploadInterval()), agent.allocationThreshold(), agent.allocationLive(),
					durationText(agent.lockThreshold()), agent.stackDepth(), durationText(agent.wallClockInterval()),
					OnDemand.of(onDemand));
		}

	}

	/**
	 * More profiling switched on for a while on top of the configured settings: each part null when as configured.
	 *
	 * @param wallClockInterval wall-clock sampling beside CPU at this interval
	 * @param interval the CPU sampling interval
	 * @param allocationThreshold allocation profiling, bytes between two samples
	 * @param lockThreshold lock profiling, shortest wait recorded
	 * @param started when it was switched on
	 * @param ends when it goes back to the configured settings by itself
	 */
	public record OnDemand(@Nullable String wallClockInterval, @Nullable String interval,
			@Nullable Long allocationThreshold, @Nullable String lockThreshold, String started, String ends) {

		static @Nullable OnDemand of(@Nullable OnDemandProfiling onDemand) {
			if (onDemand == null) {
				return null;
			}
			MoreProfiling more = onDemand.more();
			return new OnDemand(durationText(more.wallClockInterval()), durationText(more.interval()),
					more.allocationThreshold(), durationText(more.lockThreshold()), onDemand.started().toString(),
					onDemand.ends().toString());
		}

	}

	/**
	 * Upload counters.
	 *
	 * @param received profiles handed over for upload: succeeded + dropped + waiting
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
	 * @param queueBytes bytes they hold
	 * @param labelNamesLeftOut dynamic label names taken off samples that had more than the server keeps per
	 * series (30 names, the static ones included)
	 * @param labelTextsCut label names, values and span names cut to the lengths the server accepts
	 */
	public record Uploads(long received, long succeeded, long failedAttempts, long retried, long dropped,
			Map<String, Long> droppedByReason, long bytesSent, @Nullable String lastSuccess,
			@Nullable String lastFailure, @Nullable Integer lastStatus, @Nullable String lastError, int queueDepth,
			long queueBytes, long labelNamesLeftOut, long labelTextsCut) {

		static Uploads of(UploadFigures figures) {
			Map<String, Long> dropped = new LinkedHashMap<>();
			for (DropReason reason : DropReason.values()) {
				dropped.put(reason.name().toLowerCase(Locale.ROOT), figures.dropped().getOrDefault(reason, 0L));
			}
			return new Uploads(figures.received(), figures.succeeded(), figures.failedAttempts(), figures.retried(),
					figures.droppedTotal(), dropped, figures.bytesSent(), text(figures.lastSuccess()),
					text(figures.lastFailure()), (figures.lastStatus() > 0) ? figures.lastStatus() : null,
					figures.lastError(), figures.queueDepth(), figures.queueBytes(), figures.labelNamesLeftOut(),
					figures.labelTextsCut());
		}

	}

	/**
	 * What local mode keeps in memory.
	 *
	 * @param retention how long windows are kept
	 * @param maxSizeBytes most memory they may use
	 * @param retainedBytes memory they use now: aggregated profiles, their frame names, any raw recordings, and the
	 * windows not parsed yet
	 * @param recordingBytes of that, the raw recordings, kept only when the JFR download is on
	 * @param windows windows kept
	 * @param pending windows handed over and not parsed yet
	 * @param received windows handed to the store since startup
	 * @param evictedForAge windows let go because they were older than the retention
	 * @param evictedForSize windows let go, younger than that, to stay within the size limit
	 * @param oldestWindowStart start of the oldest window kept, or null
	 * @param newestWindowEnd end of the newest window kept, or null; the window in progress is not kept yet
	 */
	public record Local(String retention, long maxSizeBytes, long retainedBytes, long recordingBytes, int windows,
			int pending, long received, long evictedForAge, long evictedForSize, @Nullable String oldestWindowStart,
			@Nullable String newestWindowEnd) {

		static Local of(LocalProfileStore store) {
			LocalStoreFigures figures = store.figures();
			return new Local(DurationText.of(store.retention()), store.maxBytes(), figures.retainedBytes(),
					figures.recordingBytes(), figures.windows(), figures.pending(), figures.received(),
					figures.evictedForAge(), figures.evictedForSize(), text(figures.oldestWindowStart()),
					text(figures.newestWindowEnd()));
		}

	}

	/**
	 * Whether labels and spans follow virtual threads from carrier to carrier.
	 *
	 * @param hooks {@code installing}, {@code active} or {@code unavailable}
	 * @param problem why they are unavailable, or null
	 */
	public record VirtualThreads(String hooks, @Nullable String problem) {

		static @Nullable VirtualThreads of(VirtualThreadHooks hooks) {
			VirtualThreadHooks.State state = hooks.state();
			if (state == VirtualThreadHooks.State.NOT_INSTALLED) {
				return null;
			}
			return new VirtualThreads(state.name().toLowerCase(Locale.ROOT), hooks.problem());
		}

	}

	/**
	 * Whether this instance is in the profiled share of its fleet.
	 *
	 * @param share the share of instances profiled ({@code pyroscope.fleet-share})
	 * @param profiled whether this instance is in it
	 * @param chosenFrom the instance identity the choice was made from (an ECS task, a Kubernetes Pod), or null when
	 * drawn at random at this start
	 */
	public record Fleet(double share, boolean profiled, @Nullable String chosenFrom) {

		static @Nullable Fleet of(FleetShare fleetShare) {
			// Every instance profiled, the default: nothing to say.
			if (fleetShare.share() >= 1.0) {
				return null;
			}
			return new Fleet(fleetShare.share(), fleetShare.selected(), fleetShare.identity());
		}

	}

}

package dev.pyroscopestarter.internal.actuate.endpoint;

import java.time.Duration;
import java.util.Map;

import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.MoreProfiling;
import dev.pyroscopestarter.internal.profiler.ProfilerStartException;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.profiler.LabelCardinality;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * {@code /actuator/pyroscope}: whether profiling works, with which settings, and how uploads go; and, for an
 * operator, stopping and starting the profiler at runtime.
 * <p>
 * Read-only by default: the write operation needs {@code management.endpoint.pyroscope.access=unrestricted}. Like
 * every endpoint, it is reachable over HTTP only once exposed
 * ({@code management.endpoints.web.exposure.include=pyroscope}).
 */
@Endpoint(id = PyroscopeEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class PyroscopeEndpoint {

	/** The endpoint's id. */
	public static final String ID = "pyroscope";

	private static final Log logger = LogFactory.getLog(PyroscopeEndpoint.class);

	private final @Nullable PyroscopeProfiler profiler;

	private final @Nullable IngestExporter uploads;

	private final @Nullable LocalProfileStore store;

	private final LabelCardinality labelCardinality;

	private final String disabledReason;

	private final @Nullable Duration wallClockInterval;

	/**
	 * @param profiler the profiler, or null when profiling is disabled
	 * @param uploads the starter's uploader, or null when profiles are not uploaded with it
	 * @param store the local profile store, or null when not in local mode
	 * @param labelCardinality where the distinct values per label come from
	 * @param disabledReason what to say when there is no profiler
	 */
	public PyroscopeEndpoint(@Nullable PyroscopeProfiler profiler, @Nullable IngestExporter uploads,
			@Nullable LocalProfileStore store, LabelCardinality labelCardinality, String disabledReason) {
		this(profiler, uploads, store, labelCardinality, disabledReason, null);
	}

	/**
	 * @param wallClockInterval the configured wall-clock interval ({@code pyroscope.profiler.wall-clock.interval}),
	 * for {@code "wallClock":true}, or null for 20ms
	 */
	public PyroscopeEndpoint(@Nullable PyroscopeProfiler profiler, @Nullable IngestExporter uploads,
			@Nullable LocalProfileStore store, LabelCardinality labelCardinality, String disabledReason,
			@Nullable Duration wallClockInterval) {
		this.wallClockInterval = wallClockInterval;
		this.profiler = profiler;
		this.uploads = uploads;
		this.store = store;
		this.labelCardinality = labelCardinality;
		this.disabledReason = disabledReason;
	}

	@ReadOperation
	public PyroscopeDescriptor pyroscope() {
		if (this.profiler == null) {
			return PyroscopeDescriptor.disabled(this.disabledReason);
		}
		return PyroscopeDescriptor.of(this.profiler, this.uploads, this.store, labelCardinality());
	}

	/**
	 * Starts or stops the profiler, or switches on more profiling for a while. Stopping hands over the last window
	 * and flushes the upload queue, within {@code pyroscope.shutdown.flush-timeout}. A start that fails leaves the
	 * state {@code failed} with its reason. {@code more} samples with what is given on top of the configured
	 * settings for {@code duration} (at most {@code pyroscope.profiler.on-demand.max-duration}), then goes back to
	 * them by itself; one at a time. {@code revert} goes back now.
	 * @param action {@code start}, {@code stop}, {@code more} or {@code revert}
	 * @param wallClock with {@code more}: {@code true} for wall-clock sampling beside CPU at the configured
	 * wall-clock interval, or an interval such as {@code 20ms}
	 * @param interval with {@code more}: a CPU sampling interval, such as {@code 5ms}
	 * @param allocationThreshold with {@code more}: allocation profiling, such as {@code 512KB}
	 * @param lockThreshold with {@code more}: lock profiling, such as {@code 10ms}
	 * @param duration with {@code more}: how long, such as {@code 5m}
	 * @return the state afterwards
	 */
	@WriteOperation
	public PyroscopeDescriptor control(ProfilerAction action, @Nullable String wallClock, @Nullable String interval,
			@Nullable String allocationThreshold, @Nullable String lockThreshold, @Nullable String duration) {
		if (this.profiler == null) {
			return pyroscope();
		}
		switch (action) {
			case STOP -> {
				logger.info("Pyroscope profiling stop requested through the actuator endpoint");
				this.profiler.stop();
			}
			case START -> {
				logger.info("Pyroscope profiling start requested through the actuator endpoint");
				try {
					this.profiler.start();
				}
				catch (ProfilerStartException ex) {
					// With pyroscope.fail-fast the profiler throws; at runtime the failed state says it all.
				}
			}
			case MORE -> more(wallClock, interval, allocationThreshold, lockThreshold, duration);
			case REVERT -> this.profiler.revertOnDemand();
		}
		return pyroscope();
	}

	private void more(@Nullable String wallClock, @Nullable String interval, @Nullable String allocationThreshold,
			@Nullable String lockThreshold, @Nullable String duration) {
		PyroscopeProfiler profiler = this.profiler;
		if (profiler == null) {
			return;
		}
		if (duration == null) {
			throw new RefusedException("'more' needs a duration, such as \"duration\":\"5m\"", false);
		}
		MoreProfiling more;
		Duration lasting;
		try {
			Duration wallInterval = null;
			if (wallClock != null && !"false".equalsIgnoreCase(wallClock.trim())) {
				wallInterval = "true".equalsIgnoreCase(wallClock.trim())
						? ((this.wallClockInterval != null) ? this.wallClockInterval : Duration.ofMillis(20))
						: DurationStyle.detectAndParse(wallClock.trim());
			}
			more = new MoreProfiling(wallInterval, (interval != null) ? DurationStyle.detectAndParse(interval.trim()) : null,
					(allocationThreshold != null) ? DataSize.parse(allocationThreshold.trim()).toBytes() : null,
					(lockThreshold != null) ? DurationStyle.detectAndParse(lockThreshold.trim()) : null);
			lasting = DurationStyle.detectAndParse(duration.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new RefusedException("a value of 'more' is not a duration (5m, 20ms) or a size (512KB): "
					+ ex.getMessage(), false);
		}
		try {
			profiler.profileMore(more, lasting);
		}
		catch (IllegalArgumentException ex) {
			throw new RefusedException("more profiling refused: " + ex.getMessage(), false);
		}
		catch (IllegalStateException ex) {
			throw new RefusedException("more profiling refused: " + ex.getMessage(), true);
		}
	}

	/**
	 * An operator's request the profiler refuses: a bad request, or one that conflicts with its state (more
	 * profiling already on, the profiler not running). Over HTTP, answered with its message.
	 */
	public static final class RefusedException extends InvalidEndpointRequestException {

		private final boolean conflict;

		RefusedException(String message, boolean conflict) {
			super(message, conflict ? "Conflict" : "Bad request");
			this.conflict = conflict;
		}

		/** Whether it conflicts with the profiler's state rather than being malformed. */
		public boolean conflict() {
			return this.conflict;
		}

	}

	private Map<String, Integer> labelCardinality() {
		try {
			return this.labelCardinality.distinctValuesPerKey();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not count label values", ex);
			return Map.of();
		}
	}

}

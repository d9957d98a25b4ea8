package dev.pyroscopestarter.internal.actuate.endpoint;

import java.util.Map;

import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.ProfilerStartException;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.profiler.LabelCardinality;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

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

	/**
	 * @param profiler the profiler, or null when profiling is disabled
	 * @param uploads the starter's uploader, or null when profiles are not uploaded with it
	 * @param store the local profile store, or null when not in local mode
	 * @param labelCardinality where the distinct values per label come from
	 * @param disabledReason what to say when there is no profiler
	 */
	public PyroscopeEndpoint(@Nullable PyroscopeProfiler profiler, @Nullable IngestExporter uploads,
			@Nullable LocalProfileStore store, LabelCardinality labelCardinality, String disabledReason) {
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
	 * Starts or stops the profiler. Stopping hands over the last window and flushes the upload queue, within
	 * {@code pyroscope.shutdown.flush-timeout}. A start that fails leaves the state {@code failed} with its reason.
	 * @param action {@code start} or {@code stop}
	 * @return the state afterwards
	 */
	@WriteOperation
	public PyroscopeDescriptor control(ProfilerAction action) {
		if (this.profiler == null) {
			return pyroscope();
		}
		logger.info("Pyroscope profiling " + ((action == ProfilerAction.STOP) ? "stop" : "start")
				+ " requested through the actuator endpoint");
		if (action == ProfilerAction.STOP) {
			this.profiler.stop();
		}
		else {
			try {
				this.profiler.start();
			}
			catch (ProfilerStartException ex) {
				// With pyroscope.fail-fast the profiler throws; at runtime the failed state says it all.
			}
		}
		return pyroscope();
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

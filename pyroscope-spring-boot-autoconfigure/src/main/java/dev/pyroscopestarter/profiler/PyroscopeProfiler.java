package dev.pyroscopestarter.profiler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pyroscopestarter.config.DurationText;
import dev.pyroscopestarter.config.PyroscopeSettings;
import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.UploadFigures;
import io.pyroscope.javaagent.ProfilerDelegate;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Exporter;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.labels.pb.JfrLabels.LabelsSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the Pyroscope agent's profiler for as long as the application context runs.
 * <p>
 * It never takes the application down: a native library that cannot load, or an agent that refuses to start, is
 * logged once and leaves the profiler {@link ProfilerState#FAILED} (unless {@code pyroscope.fail-fast} is set).
 * On stop it dumps the last, partial window, which the agent alone would lose, and flushes the exporter within
 * {@code pyroscope.shutdown.flush-timeout}.
 */
public class PyroscopeProfiler implements SmartLifecycle {

	/** Starts before the web server and stops after it, so the last requests are in the last window. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(PyroscopeProfiler.class);

	private final PyroscopeSettings settings;

	private final ProfileExporter exporter;

	private final AgentLogger agentLogger = new AgentLogger();

	private final Object lifecycleLock = new Object();

	private volatile ProfilerStatus status = new ProfilerStatus(ProfilerState.NEW, null, Instant.now());

	private ProfilerDelegate profiler;

	private volatile Instant windowStart;

	private volatile LabelsSnapshot lastWindowLabels;

	private final List<Runnable> windowListeners = new CopyOnWriteArrayList<>();

	public PyroscopeProfiler(PyroscopeSettings settings, ProfileExporter exporter) {
		this.settings = settings;
		this.exporter = exporter;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.status.state() == ProfilerState.RUNNING) {
				return;
			}
			if (PyroscopeAgent.isStarted()) {
				setStatus(ProfilerState.EXTERNAL, null);
				logger.info("A Pyroscope agent is already running in this JVM (started with -javaagent?); the starter "
						+ "leaves it alone and does not start a second one. The agent's own settings apply, not pyroscope.*.");
				return;
			}
			try {
				startAgent();
			}
			catch (LinkageError | RuntimeException ex) {
				handleStartFailure(ex);
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleLock) {
			if (this.status.state() != ProfilerState.RUNNING) {
				return;
			}
			PyroscopeAgent.stop();
			long lastWindowBytes = exportLastWindow();
			FlushResult flush = this.exporter.flush(this.settings.properties().getShutdown().getFlushTimeout());
			this.profiler = null;
			setStatus(ProfilerState.STOPPED, null);
			UploadFigures figures = this.exporter.figures();
			logger.info("Pyroscope profiling stopped: last window (" + lastWindowBytes + " bytes) handed over, "
					+ flush.uploaded() + " profile(s) flushed in " + flush.took().toMillis() + " ms"
					+ (flush.complete() ? "" : ", " + flush.dropped() + " dropped at the flush timeout")
					+ "; in all " + figures.succeeded() + " delivered, " + figures.droppedTotal() + " dropped");
		}
	}

	@Override
	public boolean isRunning() {
		return this.status.state() == ProfilerState.RUNNING;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	public ProfilerStatus status() {
		return this.status;
	}

	public PyroscopeSettings settings() {
		return this.settings;
	}

	public ProfileExporter exporter() {
		return this.exporter;
	}

	/** The dynamic labels of the last window handed to the exporter, or null before the first one. */
	public LabelsSnapshot lastWindowLabels() {
		return this.lastWindowLabels;
	}

	/**
	 * Runs {@code listener} each time a profiling window has been handed to the exporter, on the profiler's
	 * scheduling thread: it must return at once.
	 */
	public void addWindowListener(Runnable listener) {
		this.windowListeners.add(listener);
	}

	private void windowEnded() {
		for (Runnable listener : this.windowListeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Profiling window listener failed", ex);
			}
		}
	}

	private void startAgent() {
		Config config = this.settings.agentConfig();
		// Creating the delegate extracts and loads the native library: the step most likely to fail.
		ProfilerDelegate delegate = ProfilerDelegate.create(config);
		PyroscopeAgent.Options options = new PyroscopeAgent.Options.Builder(config)
			.setExporter(new WindowHandOff())
			.setProfiler(delegate)
			.setLogger(this.agentLogger)
			.build();
		this.windowStart = Instant.now();
		PyroscopeAgent.start(options);
		if (!PyroscopeAgent.isStarted()) {
			String reason = this.agentLogger.lastError();
			throw new IllegalStateException((reason != null) ? reason : "the agent did not start");
		}
		this.profiler = delegate;
		setStatus(ProfilerState.RUNNING, null);
		logger.info(startMessage(config));
	}

	private String startMessage(Config config) {
		StringBuilder message = new StringBuilder("Pyroscope profiling started for '")
			.append(this.settings.applicationName())
			.append("': ");
		if (this.settings.localMode()) {
			message.append("local mode (no pyroscope.server-address), keeping the last ")
				.append(DurationText.of(this.settings.properties().getLocal().getRetention()))
				.append(" in memory");
		}
		else {
			message.append("uploading to ").append(this.settings.displayServerAddress());
		}
		message.append("; event ").append(config.profilingEvent.id)
			.append(", sampling every ").append(DurationText.of(config.profilingInterval))
			.append(", upload interval ").append(DurationText.of(config.uploadInterval));
		if (!config.profilingAlloc.isEmpty()) {
			message.append(", allocations every ").append(config.profilingAlloc).append(" bytes");
		}
		if (!config.profilingLock.isEmpty()) {
			message.append(", locks over ").append(DurationText.of(Duration.ofNanos(Long.parseLong(config.profilingLock))));
		}
		if (!this.settings.labels().isEmpty()) {
			message.append(", labels ").append(this.settings.labels());
		}
		return message.toString();
	}

	private void handleStartFailure(Throwable ex) {
		String reason = describe(ex);
		setStatus(ProfilerState.FAILED, reason);
		if (this.settings.properties().isFailFast()) {
			throw new ProfilerStartException(reason, ex);
		}
		logger.warn("Pyroscope profiling is off: " + reason + ". The application runs without profiling; set "
				+ "pyroscope.fail-fast=true to fail startup instead, or pyroscope.enabled=false to silence this.");
		if (logger.isDebugEnabled()) {
			logger.debug("Pyroscope profiler start failure", ex);
		}
	}

	// Dumps the window the agent's scheduler did not get to, since its last upload; it is lost otherwise.
	private long exportLastWindow() {
		try {
			Snapshot last = this.profiler.dumpProfile(this.windowStart, Instant.now());
			this.lastWindowLabels = last.labels;
			this.exporter.export(last);
			return last.data.length;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not dump the last Pyroscope profiling window: " + describe(ex));
			return 0;
		}
	}

	private void setStatus(ProfilerState state, String reason) {
		this.status = new ProfilerStatus(state, reason, Instant.now());
	}

	static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		if (root instanceof UnsatisfiedLinkError || message.contains("noexec")
				|| message.contains("failed to map segment")) {
			return "the native profiler library could not be loaded (" + message + "); if the temp directory is "
					+ "mounted noexec, point -Djava.io.tmpdir at an executable directory";
		}
		if (root instanceof java.io.IOException || ex instanceof ExceptionInInitializerError) {
			return "the native profiler library could not be extracted (" + message
					+ "); check that java.io.tmpdir exists and is writable";
		}
		return message;
	}

	/** What the agent's scheduler talks to: records where each window ends, then hands it on. */
	private final class WindowHandOff implements Exporter {

		@Override
		public void export(Snapshot snapshot) {
			PyroscopeProfiler.this.windowStart = snapshot.ended;
			PyroscopeProfiler.this.lastWindowLabels = snapshot.labels;
			PyroscopeProfiler.this.exporter.export(snapshot);
			windowEnded();
		}

		@Override
		public void stop() {
			// The profiler flushes the exporter itself, after handing over the last window.
		}

	}

}

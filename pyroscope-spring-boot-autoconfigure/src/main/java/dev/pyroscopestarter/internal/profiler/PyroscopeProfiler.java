package dev.pyroscopestarter.internal.profiler;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.config.DurationText;
import dev.pyroscopestarter.internal.origin.FleetShare;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.NativeDetector;

/**
 * Runs the Pyroscope agent's profiler for as long as the application context runs, handing each window to the
 * {@link ProfileExporter}.
 * <p>
 * It never takes the application down: a native library that cannot load, or an agent that refuses to start, is
 * logged once and leaves the profiler {@link ProfilerState#FAILED} (unless fail-fast is set). On stop it dumps the
 * last, partial window, which the agent alone would lose, and flushes the exporter within the shutdown flush
 * timeout.
 */
public class PyroscopeProfiler implements SmartLifecycle {

	/** Starts before the web server and stops after it, so the last requests are in the last window. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/**
	 * Upload intervals without a window after which the profiler counts as stalled, beyond a grace period that a
	 * dump delayed by a busy machine stays within.
	 */
	static final int STALLED_AFTER_INTERVALS = 3;

	static final Duration STALL_GRACE = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(PyroscopeProfiler.class);

	private static final String NATIVE_IMAGE = "this is a GraalVM native image, where the Pyroscope profiler cannot run";

	private final ProfilingAgent agent;

	private final ProfileExporter exporter;

	private final ProfilerSettings settings;

	private final Object lifecycleLock = new Object();

	private final List<Runnable> windowListeners = new CopyOnWriteArrayList<>();

	private volatile ProfilerStatus status = new ProfilerStatus(ProfilerState.NEW, null, Instant.now());

	private volatile Instant windowStart = Instant.now();

	/**
	 * The labels part of the last window handed over (a copy of a few kilobytes), for the label cardinality: the
	 * recording itself is the exporter's, and is not held here.
	 */
	private volatile byte @Nullable [] lastWindowLabels;

	private final AtomicLong unreadableWindows = new AtomicLong();

	/** When the last window came, or when sampling started. */
	private volatile Instant lastWindowSeen = Instant.now();

	private @Nullable ScheduledExecutorService watchdog;

	/** More profiling an operator switched on, until it reverts; guarded by the lifecycle lock. */
	private @Nullable OnDemandProfiling onDemand;

	private @Nullable ScheduledExecutorService reverter;

	/**
	 * @param agent the agent that samples
	 * @param exporter where windows go
	 * @param settings how the profiler is run
	 */
	public PyroscopeProfiler(ProfilingAgent agent, ProfileExporter exporter, ProfilerSettings settings) {
		this.agent = agent;
		this.exporter = exporter;
		this.settings = settings;
		if (!settings.fleetShare().selected()) {
			this.status = new ProfilerStatus(ProfilerState.NEW, notInTheShare(settings.fleetShare()), Instant.now());
		}
	}

	private static String notInTheShare(FleetShare share) {
		return "not in the profiled share of the fleet (pyroscope.fleet-share=" + share.share()
				+ ((share.identity() != null) ? ", chosen from " + share.identity() : ", drawn at this start") + ")";
	}

	// An instance outside the profiled share of its fleet starts only when asked (the endpoint's start).
	@Override
	public boolean isAutoStartup() {
		if (!this.settings.fleetShare().selected()) {
			logger.info("Pyroscope profiling not started: this instance is " + notInTheShare(this.settings.fleetShare()));
			return false;
		}
		return true;
	}

	/** Whether this instance is in the profiled share of its fleet. */
	public FleetShare fleetShare() {
		return this.settings.fleetShare();
	}

	@Override
	public void start() {
		synchronized (this.lifecycleLock) {
			if (this.status.state() == ProfilerState.RUNNING) {
				return;
			}
			if (NativeDetector.inNativeImage()) {
				// The agent's native library is built for a JVM; in a native image it would not load, or worse.
				setStatus(ProfilerState.UNSUPPORTED, NATIVE_IMAGE);
				logger.warn("Pyroscope profiling is off: " + NATIVE_IMAGE + "; run the application on a JVM to profile it.");
				return;
			}
			if (this.status.state() == ProfilerState.STALLED) {
				// The agent still counts as started: stop it before starting again.
				stopSampling();
			}
			if (ProfilingAgent.isRunning()) {
				setStatus(ProfilerState.EXTERNAL, null);
				logger.info("A Pyroscope agent is already running in this JVM (started with -javaagent?); the starter "
						+ "leaves it alone and does not start a second one. The agent's own settings apply, not pyroscope.*.");
				return;
			}
			endOnDemand("the profiler started again");
			try {
				this.windowStart = Instant.now();
				this.lastWindowSeen = this.windowStart;
				this.agent.start(this::windowEnded);
				setStatus(ProfilerState.RUNNING, null);
				startWatchdog();
				logger.info(startMessage());
			}
			catch (LinkageError | RuntimeException ex) {
				handleStartFailure(ex);
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleLock) {
			if (this.status.state() != ProfilerState.RUNNING && this.status.state() != ProfilerState.STALLED) {
				return;
			}
			endOnDemand("the profiler stopped");
			if (this.reverter != null) {
				this.reverter.shutdownNow();
				this.reverter = null;
			}
			stopSampling();
			long lastWindowBytes = exportLastWindow();
			FlushResult flush = this.exporter.flush(this.settings.shutdownFlushTimeout());
			setStatus(ProfilerState.STOPPED, null);
			logger.info("Pyroscope profiling stopped: last window (" + lastWindowBytes + " bytes) handed over, "
					+ flush.uploaded() + " profile(s) flushed in " + flush.took().toMillis() + " ms"
					+ (flush.complete() ? "" : ", " + flush.dropped() + " dropped at the flush timeout"));
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

	/** What the profiler samples and how, as configured. */
	public AgentSettings agentSettings() {
		return this.agent.settings();
	}

	/** More profiling an operator switched on, or null. */
	public @Nullable OnDemandProfiling onDemand() {
		synchronized (this.lifecycleLock) {
			return this.onDemand;
		}
	}

	/**
	 * Switches on more profiling for at most {@code duration}: the window in progress is handed over, sampling
	 * goes on with {@code more} on top of the configured settings, and goes back to them by itself when the time
	 * is up (or the profiler stops or starts again). One at a time.
	 * @throws IllegalStateException when the profiler is not running, or more profiling is already on
	 * @throws IllegalArgumentException when nothing is asked for, or for longer than the maximum
	 */
	public OnDemandProfiling profileMore(MoreProfiling more, Duration duration) {
		if (more.isEmpty()) {
			throw new IllegalArgumentException("nothing to switch on: give wallClock, interval, allocationThreshold "
					+ "or lockThreshold");
		}
		if (duration.isNegative() || duration.isZero() || duration.compareTo(this.settings.onDemandMaxDuration()) > 0) {
			throw new IllegalArgumentException("the duration must be more than 0 and at most "
					+ DurationText.of(this.settings.onDemandMaxDuration())
					+ " (pyroscope.profiler.on-demand.max-duration)");
		}
		synchronized (this.lifecycleLock) {
			if (this.status.state() != ProfilerState.RUNNING) {
				throw new IllegalStateException("profiling is not running (" + this.status.state().name()
					.toLowerCase(Locale.ROOT) + ")");
			}
			OnDemandProfiling running = this.onDemand;
			if (running != null) {
				throw new IllegalStateException("more profiling is already on (" + running.more() + ") until "
						+ running.ends() + "; one at a time");
			}
			Instant now = Instant.now();
			OnDemandProfiling started = new OnDemandProfiling(more, now, now.plus(duration));
			if (!switchTo(more.applyTo(this.agent.settings()))) {
				throw new IllegalStateException("the profiler could not start with " + more + ": "
						+ this.status.reason() + "; it runs with its configured settings");
			}
			this.onDemand = started;
			reverter().schedule(() -> revert(started), duration.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Pyroscope on-demand profiling: " + more + " for " + DurationText.of(duration) + ", until "
					+ started.ends() + "; it then goes back to the configured settings by itself");
			return started;
		}
	}

	/** Goes back to the configured settings now, if more profiling is on; false when there was none. */
	public boolean revertOnDemand() {
		synchronized (this.lifecycleLock) {
			OnDemandProfiling running = this.onDemand;
			if (running == null) {
				return false;
			}
			revert(running);
			return true;
		}
	}

	private void revert(OnDemandProfiling which) {
		synchronized (this.lifecycleLock) {
			if (this.onDemand != which) {
				return;
			}
			this.onDemand = null;
			if (this.status.state() == ProfilerState.RUNNING) {
				switchTo(this.agent.settings());
			}
			logger.info("Pyroscope on-demand profiling ended (" + which.more() + "): back to the configured settings");
		}
	}

	// A stop or a start ends it without a restart of its own: a start samples with the configured settings.
	private void endOnDemand(String why) {
		OnDemandProfiling running = this.onDemand;
		if (running != null) {
			this.onDemand = null;
			logger.info("Pyroscope on-demand profiling ended (" + running.more() + "): " + why);
		}
	}

	// Hands over the window in progress and samples on with other settings; false when they could not start (the
	// profiler then runs with the configured settings, or has failed).
	private boolean switchTo(AgentSettings session) {
		stopSampling();
		exportLastWindow();
		this.windowStart = Instant.now();
		this.lastWindowSeen = this.windowStart;
		try {
			this.agent.start(this::windowEnded, session);
			startWatchdog();
			return true;
		}
		catch (LinkageError | RuntimeException ex) {
			logger.warn("Pyroscope profiling could not start with other settings: " + describe(ex)
					+ "; starting again with the configured ones");
			try {
				this.agent.start(this::windowEnded);
				startWatchdog();
			}
			catch (LinkageError | RuntimeException again) {
				setStatus(ProfilerState.FAILED, describe(again));
			}
			return false;
		}
	}

	private ScheduledExecutorService reverter() {
		if (this.reverter == null) {
			this.reverter = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "pyroscope-on-demand");
				thread.setDaemon(true);
				return thread;
			});
		}
		return this.reverter;
	}

	/** Windows dropped because their recording could not be read (empty, or cut short). */
	public long unreadableWindows() {
		return this.unreadableWindows.get();
	}

	// False when the window was dropped: the server would reject it, and the local views could not read it.
	private boolean handOver(ProfileWindow window) {
		String problem = window.recordingProblem();
		if (problem != null) {
			if (this.unreadableWindows.getAndIncrement() == 0) {
				logger.warn("Dropped a Pyroscope profiling window from " + window.started() + " to " + window.ended()
						+ ": " + problem + " (a full disk, or a temp directory cleaned under the profiler?). Further "
						+ "such windows are counted in /actuator/pyroscope, not logged.");
			}
			return false;
		}
		this.lastWindowLabels = window.labels();
		this.exporter.export(window);
		return true;
	}

	/**
	 * The dynamic labels of the last window handed to the exporter, as Pyroscope's {@code LabelsSnapshot}
	 * protobuf (empty when it had none), or null before the first one.
	 */
	public byte @Nullable [] lastWindowLabels() {
		return this.lastWindowLabels;
	}

	/**
	 * Runs {@code listener} each time a profiling window has been handed to the exporter, on the profiler's
	 * scheduling thread: it must return at once.
	 */
	public void addWindowListener(Runnable listener) {
		this.windowListeners.add(listener);
	}

	// On the agent's scheduling thread: records where the next window starts, then hands this one on.
	private void windowEnded(ProfileWindow window) {
		this.windowStart = window.ended();
		this.lastWindowSeen = Instant.now();
		if (!handOver(window)) {
			return;
		}
		for (Runnable listener : this.windowListeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Profiling window listener failed", ex);
			}
		}
	}

	private void stopSampling() {
		if (this.watchdog != null) {
			this.watchdog.shutdownNow();
			this.watchdog = null;
		}
		this.agent.stop();
	}

	// The agent's scheduler stops for good on an error while dumping a window, without a word: look for windows.
	private void startWatchdog() {
		Duration interval = this.agent.settings().uploadInterval();
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pyroscope-watchdog");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(() -> checkWindows(interval), interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.watchdog = executor;
	}

	void checkWindows(Duration interval) {
		Duration silence = Duration.between(this.lastWindowSeen, Instant.now());
		if (silence.compareTo(interval.multipliedBy(STALLED_AFTER_INTERVALS).plus(STALL_GRACE)) < 0) {
			return;
		}
		synchronized (this.lifecycleLock) {
			if (this.status.state() != ProfilerState.RUNNING) {
				return;
			}
			String reason = "no profiling window for " + DurationText.of(silence.withNanos(0))
					+ " (upload interval " + DurationText.of(interval) + "): the agent's scheduler has stopped";
			setStatus(ProfilerState.STALLED, reason);
			logger.warn("Pyroscope profiling has stalled: " + reason + ". Nothing is profiled until it is started "
					+ "again (the pyroscope actuator endpoint's start operation, or a restart).");
		}
	}

	private String startMessage() {
		AgentSettings agent = this.agent.settings();
		StringBuilder message = new StringBuilder("Pyroscope profiling started for '").append(agent.applicationName())
			.append("': ")
			.append(this.exporter.destination())
			.append("; event ")
			.append(agent.event().name().toLowerCase(Locale.ROOT))
			.append(", sampling every ")
			.append(DurationText.of(agent.interval()))
			.append(", upload interval ")
			.append(DurationText.of(agent.uploadInterval()));
		if (agent.allocationThreshold() != null) {
			message.append(", allocations every ").append(agent.allocationThreshold()).append(" bytes");
		}
		if (agent.lockThreshold() != null) {
			message.append(", locks over ").append(DurationText.of(agent.lockThreshold()));
		}
		if (agent.wallClockInterval() != null) {
			message.append(", wall-clock every ").append(DurationText.of(agent.wallClockInterval()));
		}
		if (!agent.labels().isEmpty()) {
			message.append(", labels ").append(agent.labels());
		}
		return message.toString();
	}

	private void handleStartFailure(Throwable ex) {
		String reason = describe(ex);
		setStatus(ProfilerState.FAILED, reason);
		if (this.settings.failFast()) {
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
			ProfileWindow last = this.agent.dumpLastWindow(this.windowStart);
			return handOver(last) ? last.jfrSize() : 0;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not dump the last Pyroscope profiling window: " + describe(ex));
			return 0;
		}
	}

	private void setStatus(ProfilerState state, @Nullable String reason) {
		this.status = new ProfilerStatus(state, reason, Instant.now());
	}

	private String describe(Throwable ex) {
		return describe(ex, this.agent.settings().tempDirectory());
	}

	static String describe(Throwable ex, @Nullable String tempDirectory) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		if (tempDirectory != null && root instanceof IOException && !(ex instanceof LinkageError)) {
			// The library is extracted to java.io.tmpdir; the recording goes to the configured directory.
			return "the profiler could not create its recording in pyroscope.profiler.temp-directory (" + message
					+ "); check that this directory exists and is writable";
		}
		if (root instanceof UnsatisfiedLinkError || message.contains("noexec")
				|| message.contains("failed to map segment")) {
			return "the native profiler library could not be loaded (" + message + "); if the temp directory is "
					+ "mounted noexec, point -Djava.io.tmpdir at an executable directory";
		}
		if (root instanceof IOException || ex instanceof ExceptionInInitializerError) {
			return "the native profiler library could not be extracted (" + message
					+ "); check that java.io.tmpdir exists and is writable";
		}
		return message;
	}

}

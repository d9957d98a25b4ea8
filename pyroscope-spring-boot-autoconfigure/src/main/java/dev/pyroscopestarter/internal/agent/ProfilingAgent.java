package dev.pyroscopestarter.internal.agent;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.time.Instant;
import java.util.function.Consumer;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.engine.NativeProfiler;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads;
import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.ProfilerDelegate;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Exporter;
import io.pyroscope.javaagent.config.Config;
import org.jspecify.annotations.Nullable;

/**
 * The Pyroscope agent's profiler, driven from outside: started with our settings, handing each window over as a
 * {@link ProfileWindow}, and dumping the window in progress on demand. The agent is JVM-wide: one runs at a time.
 * <p>
 * Its own uploader is never used, so its configuration holds no server address and no credentials.
 */
public final class ProfilingAgent {

	private static final String JFROPTS = "jfropts";

	/** async-profiler's {@code jfropts} bits: 1 leaves out system information, 2 the system properties. */
	private static final int NO_SYSTEM_INFO_OR_PROPERTIES = 1 | 2;

	private final AgentSettings settings;

	private volatile AgentSettings running;

	private volatile Config config;

	private final AgentLogger logger = new AgentLogger();

	private @Nullable ProfilerDelegate profiler;

	public ProfilingAgent(AgentSettings settings) {
		this.settings = settings;
		this.running = settings;
		this.config = config(settings);
	}

	/** Whether a Pyroscope agent runs in this JVM, this one or another (started with {@code -javaagent}). */
	public static boolean isRunning() {
		return PyroscopeAgent.isStarted();
	}

	/** The configured settings: what a start samples with. */
	public AgentSettings settings() {
		return this.settings;
	}

	/** What the profiler samples with now: the configured settings, or those of the last {@link #start(Consumer, AgentSettings)}. */
	public AgentSettings runningSettings() {
		return this.running;
	}

	/**
	 * Loads the native library and starts sampling. Each window is handed to {@code windows} on the agent's
	 * scheduling thread, which waits for it: it must return at once.
	 * @throws RuntimeException or {@link LinkageError} when the native library cannot load or the agent refuses
	 * to start
	 */
	public void start(Consumer<ProfileWindow> windows) {
		start(windows, this.settings);
	}

	/**
	 * Starts sampling with other settings than the configured ones (more, for a while), as {@link #start(Consumer)}.
	 */
	public void start(Consumer<ProfileWindow> windows, AgentSettings session) {
		this.running = session;
		this.config = config(session);
		ProfilerDelegate previous = this.profiler;
		if (previous != null) {
			// Started again without a last dump (after a stall): its recording is of no use any more.
			this.profiler = null;
			deleteRecordingFile(previous);
		}
		// Creating the delegate extracts and loads the native library: the step most likely to fail.
		ProfilerDelegate delegate = ProfilerDelegate.create(this.config);
		PyroscopeAgent.Options options = new PyroscopeAgent.Options.Builder(this.config)
			.setExporter(new WindowHandOff(windows, sampleRate()))
			.setProfiler(delegate)
			.setLogger(this.logger)
			.build();
		PyroscopeAgent.start(options);
		VirtualThreads.profilerStarted(session.samplesWallClock());
		if (!PyroscopeAgent.isStarted()) {
			String reason = this.logger.lastError();
			throw new IllegalStateException((reason != null) ? reason : "the agent did not start");
		}
		this.profiler = delegate;
	}

	/** Stops sampling; the window in progress is kept for {@link #dumpLastWindow}. */
	public void stop() {
		PyroscopeAgent.stop();
	}

	/** The window the agent's scheduler did not get to, from {@code from} until now; it is lost otherwise. */
	public ProfileWindow dumpLastWindow(Instant from) {
		ProfilerDelegate delegate = this.profiler;
		if (delegate == null) {
			throw new IllegalStateException("The profiler was not started");
		}
		this.profiler = null;
		try {
			return window(delegate.dumpProfile(from, Instant.now()), sampleRate());
		}
		finally {
			deleteRecordingFile(delegate);
		}
	}

	// Each start records into a new temp file, which the agent deletes only when the JVM exits: a stop and start
	// through the actuator would leave one behind each time.
	private static void deleteRecordingFile(ProfilerDelegate delegate) {
		try {
			VarHandle file = MethodHandles.privateLookupIn(delegate.getClass(), MethodHandles.lookup())
				.findVarHandle(delegate.getClass(), "tempJFRFile", File.class);
			File recording = (File) file.get(delegate);
			if (recording != null) {
				Files.deleteIfExists(recording.toPath());
			}
		}
		catch (ReflectiveOperationException | RuntimeException | IOException ex) {
			// Another delegate or agent version: the agent deletes it when the JVM exits.
		}
	}

	/** The version of {@code io.pyroscope:agent}, or null when unknown. */
	public static @Nullable String agentVersion() {
		Package agentPackage = PyroscopeAgent.class.getPackage();
		return (agentPackage != null) ? agentPackage.getImplementationVersion() : null;
	}

	/** The native profiler's version. Ask only while an agent runs: asking earlier loads the native library. */
	public static @Nullable String nativeVersion() {
		return NativeProfiler.version();
	}

	private long sampleRate() {
		EventType event = this.config.profilingEvent;
		boolean timed = event == EventType.CPU || event == EventType.ITIMER || event == EventType.WALL;
		return timed ? this.config.profilingIntervalInHertz() : 0;
	}

	static ProfileWindow window(Snapshot snapshot, long sampleRate) {
		return new ProfileWindow(snapshot.started, snapshot.ended, snapshot.eventType.units.id,
				snapshot.eventType.aggregationType.id, sampleRate, snapshot.data, snapshot.labels.toByteArray());
	}

	private static Config config(AgentSettings settings) {
		Config.Builder builder = new Config.Builder().setAgentEnabled(true)
			.setFormat(Format.JFR)
			.setApplicationName(settings.applicationName())
			.setLabels(settings.labels())
			.setProfilingEvent(EventType.valueOf(settings.event().name()))
			.setProfilingInterval(settings.interval())
			.setProfilingAlloc((settings.allocationThreshold() != null) ? settings.allocationThreshold().toString() : "")
			.setAllocLive(settings.allocationLive())
			.setProfilingLock((settings.lockThreshold() != null) ? Long.toString(settings.lockThreshold().toNanos()) : "")
			.setJavaStackDepthMax(settings.stackDepth())
			.setGcBeforeDump(settings.gcBeforeDump())
			.setUploadInterval(settings.uploadInterval());
		if (settings.nativeLogLevel() != null) {
			builder.setAPLogLevel(settings.nativeLogLevel());
		}
		builder.setAPExtraArguments(extraArguments(nativeArguments(settings)));
		if (settings.tempDirectory() != null) {
			builder.setTmpDir(settings.tempDirectory());
		}
		return builder.build();
	}

	/**
	 * The native profiler's extra arguments, with {@code jfropts} bits 1 and 2 always set: without them every
	 * recording holds {@code jdk.JVMInformation} (the JVM's arguments, a {@code -Dpassword=...} included) and
	 * {@code jdk.InitialSystemProperty} (every system property), and every upload would carry them to the server,
	 * which reads neither. Bits an application gives in its own {@code jfropts} are kept.
	 */
	static String extraArguments(@Nullable String configured) {
		if (configured == null || configured.isBlank()) {
			return JFROPTS + "=" + NO_SYSTEM_INFO_OR_PROPERTIES;
		}
		StringBuilder arguments = new StringBuilder();
		boolean merged = false;
		for (String argument : configured.split(",")) {
			String trimmed = argument.trim();
			if (trimmed.startsWith(JFROPTS + "=")) {
				String value = trimmed.substring(JFROPTS.length() + 1).trim();
				try {
					trimmed = JFROPTS + "=" + (Integer.decode(value) | NO_SYSTEM_INFO_OR_PROPERTIES);
				}
				catch (NumberFormatException ex) {
					// Left for the profiler to refuse with its own message ("Invalid jfropts").
				}
				merged = true;
			}
			if (!trimmed.isEmpty()) {
				arguments.append((arguments.length() > 0) ? "," : "").append(trimmed);
			}
		}
		if (!merged) {
			arguments.append((arguments.length() > 0) ? "," : "").append(JFROPTS).append('=')
				.append(NO_SYSTEM_INFO_OR_PROPERTIES);
		}
		return arguments.toString();
	}

	// The agent appends these to async-profiler's start command: wall-clock sampling beside the main event is one
	// of them (the agent has no setting of its own for it).
	// Native memory: the server converts malloc samples and not frees, so frees are not recorded.
	static @Nullable String nativeArguments(AgentSettings settings) {
		java.util.List<String> arguments = new java.util.ArrayList<>();
		if (settings.wallClockInterval() != null && settings.event() != ProfilingEvent.WALL) {
			arguments.add("wall=" + settings.wallClockInterval().toNanos());
		}
		if (settings.nativeMemoryThreshold() != null) {
			arguments.add("nativemem=" + settings.nativeMemoryThreshold());
			arguments.add("nofree");
		}
		if (settings.extraArguments() != null) {
			arguments.add(settings.extraArguments());
		}
		return arguments.isEmpty() ? null : String.join(",", arguments);
	}

	/** What the agent's scheduler talks to: each window, converted, goes on at once. */
	private record WindowHandOff(Consumer<ProfileWindow> windows, long sampleRate) implements Exporter {

		@Override
		public void export(Snapshot snapshot) {
			this.windows.accept(window(snapshot, this.sampleRate));
		}

		@Override
		public void stop() {
			// The profiler flushes its exporter itself, after handing over the last window.
		}

	}

}

package dev.pyroscopestarter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of continuous profiling with Pyroscope.
 * <p>
 * Every property can also be given with the official Pyroscope Java agent's variable names
 * ({@code PYROSCOPE_SERVER_ADDRESS}, {@code pyroscope_auth_token}, ...); see {@code AgentVariableAliases}.
 */
@ConfigurationProperties(PyroscopeProperties.PREFIX)
public class PyroscopeProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "pyroscope";

	/** The switch of profiling as a whole. */
	public static final String ENABLED = PREFIX + ".enabled";

	/**
	 * Whether to profile this application. When false nothing starts: no native library is loaded and no thread
	 * is created.
	 */
	private boolean enabled = true;

	/**
	 * Application name under which profiles are stored. Defaults to 'spring.application.name'.
	 */
	private @Nullable String applicationName;

	/**
	 * Address of the Pyroscope server, for example 'http://pyroscope:4040' or
	 * 'https://profiles-prod-001.grafana.net'. A path prefix is kept. When not set, the profiler runs in local
	 * mode and uploads nothing.
	 */
	private @Nullable String serverAddress;

	/**
	 * Token sent as 'Authorization: Bearer ...', for example a Grafana Cloud access policy token.
	 */
	private @Nullable String authToken;

	/**
	 * Tenant id sent as the 'X-Scope-OrgID' header to multi-tenant Pyroscope servers.
	 */
	private @Nullable String tenantId;

	/**
	 * Extra HTTP headers sent with every upload.
	 */
	private Map<String, String> headers = new LinkedHashMap<>();

	/**
	 * Static labels added to every profile of this application, such as region, environment or version. Names
	 * may contain letters, digits and '_'; values may not contain ',', '{', '}' or '='.
	 */
	private Map<String, String> labels = new LinkedHashMap<>();

	/**
	 * Whether to add a 'service_version' label with the version from Spring Boot's build info, when the
	 * application has build info and no 'service_version' label of its own.
	 */
	private boolean serviceVersionLabel = true;

	/**
	 * How often the collected profile is uploaded.
	 */
	private Duration uploadInterval = Duration.ofSeconds(10);

	/**
	 * Whether the application should fail to start when the profiler cannot start (for example when its native
	 * library cannot be loaded). By default a warning is logged and the application starts without profiling.
	 */
	private boolean failFast = false;

	private final BasicAuth basicAuth = new BasicAuth();

	private final Profiler profiler = new Profiler();

	private final Export export = new Export();

	private final Shutdown shutdown = new Shutdown();

	private final Local local = new Local();

	private final Proxy proxy = new Proxy();

	private final Ssl ssl = new Ssl();

	private final Health health = new Health();

	/**
	 * Share of the fleet's instances that are profiled, from 0 to 1. The choice is made from a stable identity of the
	 * instance (the ECS task, the Kubernetes Pod), so the same instances stay profiled; /actuator/pyroscope says
	 * whether this one is.
	 */
	private double fleetShare = 1.0;

	private final SourceCode sourceCode = new SourceCode();

	private final Platform platform = new Platform();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getApplicationName() {
		return this.applicationName;
	}

	public void setApplicationName(@Nullable String applicationName) {
		this.applicationName = applicationName;
	}

	public @Nullable String getServerAddress() {
		return this.serverAddress;
	}

	public void setServerAddress(@Nullable String serverAddress) {
		this.serverAddress = serverAddress;
	}

	public @Nullable String getAuthToken() {
		return this.authToken;
	}

	public void setAuthToken(@Nullable String authToken) {
		this.authToken = authToken;
	}

	public @Nullable String getTenantId() {
		return this.tenantId;
	}

	public void setTenantId(@Nullable String tenantId) {
		this.tenantId = tenantId;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public Map<String, String> getLabels() {
		return this.labels;
	}

	public void setLabels(Map<String, String> labels) {
		this.labels = labels;
	}

	public boolean isServiceVersionLabel() {
		return this.serviceVersionLabel;
	}

	public void setServiceVersionLabel(boolean serviceVersionLabel) {
		this.serviceVersionLabel = serviceVersionLabel;
	}

	public Duration getUploadInterval() {
		return this.uploadInterval;
	}

	public void setUploadInterval(Duration uploadInterval) {
		this.uploadInterval = uploadInterval;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public BasicAuth getBasicAuth() {
		return this.basicAuth;
	}

	public Profiler getProfiler() {
		return this.profiler;
	}

	public Export getExport() {
		return this.export;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Local getLocal() {
		return this.local;
	}

	public Proxy getProxy() {
		return this.proxy;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * The 'pyroscope' health contributor (with Spring Boot Actuator).
	 */
	public static class Health {

		/**
		 * Whether a profiler that failed or stalled, or failing uploads, turn the 'pyroscope' health contributor
		 * DOWN, and with it /actuator/health. Off by default: profiling is optional telemetry, and a Pyroscope
		 * outage must not take instances out of service; the problem shows in the contributor's details, the
		 * actuator endpoint, the metrics and the log.
		 */
		private boolean downWhenFailing = false;

		public boolean isDownWhenFailing() {
			return this.downWhenFailing;
		}

		public void setDownWhenFailing(boolean downWhenFailing) {
			this.downWhenFailing = downWhenFailing;
		}

	}

	public double getFleetShare() {
		return this.fleetShare;
	}

	public void setFleetShare(double fleetShare) {
		this.fleetShare = fleetShare;
	}

	public SourceCode getSourceCode() {
		return this.sourceCode;
	}

	public Platform getPlatform() {
		return this.platform;
	}

	/**
	 * Labels with which Grafana Pyroscope opens a frame's source line, from Spring Boot's git info (git.properties).
	 */
	public static class SourceCode {

		/**
		 * Whether to add 'service_repository' (the origin's URL, without credentials and '.git') and
		 * 'service_git_ref' (the full commit id) when the application has git info.
		 */
		private boolean enabled = true;

		/**
		 * Path of this application inside its repository, for a module that is not at the repository's root; sent
		 * as 'service_root_path'.
		 */
		private @Nullable String rootPath;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getRootPath() {
			return this.rootPath;
		}

		public void setRootPath(@Nullable String rootPath) {
			this.rootPath = rootPath;
		}

	}

	/**
	 * Labels from the platform the application runs on, read once at startup. Labels set under pyroscope.labels win.
	 */
	public static class Platform {

		private final Ecs ecs = new Ecs();

		private final Kubernetes kubernetes = new Kubernetes();

		public Ecs getEcs() {
			return this.ecs;
		}

		public Kubernetes getKubernetes() {
			return this.kubernetes;
		}

		/**
		 * AWS ECS, from the task metadata endpoint v4 (ECS_CONTAINER_METADATA_URI_V4).
		 */
		public static class Ecs {

			/**
			 * Whether to add 'ecs_cluster', 'ecs_task_family', 'ecs_task_revision', 'availability_zone' and 'region'
			 * on ECS.
			 */
			private boolean enabled = true;

			/**
			 * Whether to add 'ecs_task_id' too: one value per task, so one series per task on the server.
			 */
			private boolean taskIdLabel = false;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public boolean isTaskIdLabel() {
				return this.taskIdLabel;
			}

			public void setTaskIdLabel(boolean taskIdLabel) {
				this.taskIdLabel = taskIdLabel;
			}

		}

		/**
		 * Kubernetes, from the Pod's service account namespace file and host name.
		 */
		public static class Kubernetes {

			/**
			 * Whether to add 'namespace' on Kubernetes.
			 */
			private boolean enabled = true;

			/**
			 * Whether to add 'pod' too: one value per Pod, so one series per Pod on the server.
			 */
			private boolean podLabel = false;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public boolean isPodLabel() {
				return this.podLabel;
			}

			public void setPodLabel(boolean podLabel) {
				this.podLabel = podLabel;
			}

		}

	}

	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) uploads use: a private CA to trust, or a client
		 * certificate to present. Without it, the JVM's trust store applies.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	public static class Proxy {

		/**
		 * Host of an HTTP proxy uploads go through. Without it, the JVM's proxy settings (http.proxyHost,
		 * https.proxyHost, http.nonProxyHosts) apply.
		 */
		private @Nullable String host;

		/**
		 * Port of the proxy.
		 */
		private int port = 3128;

		/**
		 * User to authenticate as when the proxy asks (407).
		 */
		private @Nullable String username;

		/**
		 * Password of that user.
		 */
		private @Nullable String password;

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	/**
	 * Basic authentication, used instead of the auth token when both username and password are set.
	 */
	public static class BasicAuth {

		/**
		 * Username for basic authentication, for example a Grafana Cloud stack's user id.
		 */
		private @Nullable String username;

		/**
		 * Password for basic authentication.
		 */
		private @Nullable String password;

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	/**
	 * What the native profiler samples, and how often.
	 */
	public static class Profiler {

		/**
		 * Event that drives CPU sampling: 'itimer' (works everywhere), 'cpu' (perf events, needs
		 * perf_event_paranoid <= 2 in containers), 'wall' (wall clock, includes waiting threads) or 'ctimer'.
		 */
		private Event event = Event.ITIMER;

		/**
		 * Time between two samples; 10ms samples at 100 Hz.
		 */
		private Duration interval = Duration.ofMillis(10);

		/**
		 * Allocation profiling: a sample every time this much memory has been allocated, for example 512KB. Off
		 * when not set.
		 */
		private @Nullable DataSize allocationThreshold;

		/**
		 * Whether allocation profiling keeps only objects still alive at the end of the window.
		 */
		private boolean allocationLive = false;

		/**
		 * Lock profiling: record lock waits longer than this, for example 10ms. Off when not set.
		 */
		private @Nullable Duration lockThreshold;

		/**
		 * Deepest stack recorded, in frames. A Pyroscope server keeps 1000 frames by default and drops the leaf
		 * side of deeper stacks (the frames that show where the time goes), while the profiler cut here keeps the
		 * leaf side: deeper than the server's limit only loses what matters.
		 */
		private int stackDepth = PyroscopePropertiesResolver.SERVER_STACK_DEPTH;

		/**
		 * Directory for the profiler's temporary recording file. Defaults to 'java.io.tmpdir'.
		 */
		private @Nullable String tempDirectory;

		/**
		 * Log level of the native profiler itself: 'debug', 'info', 'warn', 'error' or 'none'.
		 */
		private @Nullable String nativeLogLevel;

		/**
		 * Extra async-profiler arguments appended to its start command, for expert use.
		 */
		private @Nullable String extraArguments;

		/**
		 * Whether to run a garbage collection before each dump (only useful with live allocation profiling).
		 */
		private boolean gcBeforeDump = false;

		/**
		 * Native memory profiling: a sample every time this much native memory (malloc) has been allocated, for
		 * example 512KB. Off when not set. Pyroscope stores these samples without dynamic labels or spans.
		 */
		private @Nullable DataSize nativeMemoryThreshold;

		/**
		 * Wall-clock sampling beside CPU sampling.
		 */
		private final WallClock wallClock = new WallClock();

		/**
		 * More profiling switched on for a while from the actuator endpoint.
		 */
		private final OnDemand onDemand = new OnDemand();

		public Event getEvent() {
			return this.event;
		}

		public void setEvent(Event event) {
			this.event = event;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public @Nullable DataSize getAllocationThreshold() {
			return this.allocationThreshold;
		}

		public void setAllocationThreshold(@Nullable DataSize allocationThreshold) {
			this.allocationThreshold = allocationThreshold;
		}

		public boolean isAllocationLive() {
			return this.allocationLive;
		}

		public void setAllocationLive(boolean allocationLive) {
			this.allocationLive = allocationLive;
		}

		public @Nullable Duration getLockThreshold() {
			return this.lockThreshold;
		}

		public void setLockThreshold(@Nullable Duration lockThreshold) {
			this.lockThreshold = lockThreshold;
		}

		public int getStackDepth() {
			return this.stackDepth;
		}

		public void setStackDepth(int stackDepth) {
			this.stackDepth = stackDepth;
		}

		public @Nullable String getTempDirectory() {
			return this.tempDirectory;
		}

		public void setTempDirectory(@Nullable String tempDirectory) {
			this.tempDirectory = tempDirectory;
		}

		public @Nullable String getNativeLogLevel() {
			return this.nativeLogLevel;
		}

		public void setNativeLogLevel(@Nullable String nativeLogLevel) {
			this.nativeLogLevel = nativeLogLevel;
		}

		public @Nullable String getExtraArguments() {
			return this.extraArguments;
		}

		public void setExtraArguments(@Nullable String extraArguments) {
			this.extraArguments = extraArguments;
		}

		public boolean isGcBeforeDump() {
			return this.gcBeforeDump;
		}

		public void setGcBeforeDump(boolean gcBeforeDump) {
			this.gcBeforeDump = gcBeforeDump;
		}

		public WallClock getWallClock() {
			return this.wallClock;
		}

		public @Nullable DataSize getNativeMemoryThreshold() {
			return this.nativeMemoryThreshold;
		}

		public void setNativeMemoryThreshold(@Nullable DataSize nativeMemoryThreshold) {
			this.nativeMemoryThreshold = nativeMemoryThreshold;
		}

		public OnDemand getOnDemand() {
			return this.onDemand;
		}

		/**
		 * More profiling switched on for a while from the actuator endpoint.
		 */
		public static class OnDemand {

			/**
			 * The longest an operator may switch on more profiling for (the endpoint's 'more' action); it goes
			 * back to the configured settings by itself after the duration asked for.
			 */
			private Duration maxDuration = Duration.ofMinutes(15);

			public Duration getMaxDuration() {
				return this.maxDuration;
			}

			public void setMaxDuration(Duration maxDuration) {
				this.maxDuration = maxDuration;
			}

		}

		/**
		 * Wall-clock sampling beside CPU sampling: where threads wait (on a database, another service, a lock), not
		 * only where they burn CPU.
		 */
		public static class WallClock {

			/**
			 * Whether to sample every thread's wall-clock time, running or waiting, beside CPU time. Uploaded as a
			 * 'wall' profile of its own. Costs CPU in proportion to the number of platform threads.
			 */
			private boolean enabled = false;

			/**
			 * Time between two wall-clock samples of a thread. Must divide one second evenly (the server weighs
			 * samples by a whole number of samples per second), for example 10ms, 20ms or 50ms.
			 */
			private Duration interval = Duration.ofMillis(20);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public Duration getInterval() {
				return this.interval;
			}

			public void setInterval(Duration interval) {
				this.interval = interval;
			}

		}

		/**
		 * Events that drive CPU sampling.
		 */
		public enum Event {

			/** Process CPU time through setitimer; works in any container. */
			ITIMER,

			/** CPU cycles through perf events; most precise, needs perf_event_open. */
			CPU,

			/** Wall clock time: running and waiting threads alike. */
			WALL,

			/** CPU time through per-thread timers. */
			CTIMER

		}

	}

	/**
	 * How profiles are uploaded.
	 */
	public static class Export {

		/**
		 * Timeout of one upload attempt: connecting, sending and reading the answer.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Profiles waiting for upload; when full, the oldest waiting profile is dropped (and counted).
		 */
		private int queueCapacity = 8;

		/**
		 * Most memory the profiles waiting for upload may hold, the one in flight included; beyond it the oldest is
		 * dropped.
		 */
		private DataSize queueMaxSize = DataSize.ofMegabytes(32);

		/**
		 * Attempts per profile, the first included, for answers worth retrying (429, 5xx, I/O errors).
		 */
		private int maxAttempts = 8;

		/**
		 * Wait before the first retry; it doubles with every retry, with full jitter.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public DataSize getQueueMaxSize() {
			return this.queueMaxSize;
		}

		public void setQueueMaxSize(DataSize queueMaxSize) {
			this.queueMaxSize = queueMaxSize;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * What happens when the application context closes.
	 */
	public static class Shutdown {

		/**
		 * Longest time the application's shutdown waits for the last, partial window and any queued profiles to
		 * be uploaded. What is not sent by then is dropped and counted.
		 */
		private Duration flushTimeout = Duration.ofSeconds(5);

		public Duration getFlushTimeout() {
			return this.flushTimeout;
		}

		public void setFlushTimeout(Duration flushTimeout) {
			this.flushTimeout = flushTimeout;
		}

	}

	/**
	 * Local mode, used when no server address is set: recent profiles stay in this application's memory.
	 */
	public static class Local {

		/**
		 * How long profiles are kept.
		 */
		private Duration retention = Duration.ofMinutes(5);

		/**
		 * Most memory the kept profiles may use (aggregated profiles, their frame names, and the raw recordings
		 * when the JFR download is on); the oldest go first.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(32);

		/**
		 * Whether the raw recordings are kept too, and /actuator/pyroscope/jfr serves them. Off by default: a
		 * recording is raw data (every stack, thread name, native library path, label value and span id), more than
		 * the views show. Recordings never hold the JVM's arguments or system properties.
		 */
		private boolean jfrDownload = false;

		public boolean isJfrDownload() {
			return this.jfrDownload;
		}

		public void setJfrDownload(boolean jfrDownload) {
			this.jfrDownload = jfrDownload;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

}

package dev.pyroscopestarter.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.net.ssl.X509TrustManager;

import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.IngestNames;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import dev.pyroscopestarter.internal.agent.ServerLimits;
import dev.pyroscopestarter.internal.config.DurationText;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.export.ingest.IngestSettings;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.origin.FleetShare;
import dev.pyroscopestarter.internal.profiler.ProfilerSettings;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Checks the {@code pyroscope.*} properties and turns them into the settings the runtime classes take: the one
 * place where they are checked, and every settings object it returns is checked first, so no bean is built from
 * unchecked properties. Every problem is reported as an {@link InvalidPyroscopeConfigurationException} naming the property and the fix,
 * never with a secret value.
 */
final class PyroscopePropertiesResolver {

	/** How many frames of a stack a Pyroscope server keeps by default ({@code validation.max-profile-stack-depth}). */
	static final int SERVER_STACK_DEPTH = 1000;

	private static final Log logger = LogFactory.getLog(PyroscopePropertiesResolver.class);

	/** The upload client's class, named so that this class loads without it. */
	static final String OKHTTP_CLIENT = "okhttp3.OkHttpClient";

	/** What breaks a profile's name inside a static label's value. */
	private static final Pattern FORBIDDEN_IN_LABEL_VALUE = Pattern.compile("[,{}=]");

	/** The characters the server accepts in an application name. */
	private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9_.\\-/]+");

	private static final String FALLBACK_APPLICATION_NAME = "spring-boot-application";

	/** Names that labels found at startup leave free for dynamic labels: the route and method labels. */
	static final int NAMES_KEPT_FOR_DYNAMIC_LABELS = 2;

	private PyroscopePropertiesResolver() {
	}

	/**
	 * Checks every property and resolves what the agent samples with.
	 * @param properties the bound properties
	 * @param serviceName the service name the application's traces carry ({@link ServiceIdentity}), or null
	 * @param buildVersion the version from Spring Boot's build info, or null
	 * @param group {@code spring.application.group}, or null
	 * @param detectedLabels labels found at startup (platform, source code); the user's labels win over them
	 */
	static AgentSettings agentSettings(PyroscopeProperties properties, @Nullable String serviceName,
			@Nullable String buildVersion, @Nullable String group, Map<String, String> detectedLabels) {
		String applicationName = applicationName(properties, serviceName);
		Map<String, String> labels = new LinkedHashMap<>(properties.getLabels());
		if (properties.isServiceVersionLabel() && StringUtils.hasText(buildVersion)) {
			labels.putIfAbsent("service_version", buildVersion);
		}
		if (group != null) {
			labels.putIfAbsent("service_namespace", group);
		}
		labels = new TreeMap<>(staticLabels(labels));
		int names = checkLabelNameCount(applicationName, labels);
		// Found, not typed: a value the profile's name cannot carry is adapted, not a reason to stop the application,
		// and found labels that would leave too few names for dynamic labels are left out.
		List<String> leftOut = new ArrayList<>();
		// Each label added is one more name: found names are valid label names, never the agent's dotted ones.
		for (Map.Entry<String, String> detected : new TreeMap<>(detectedLabels).entrySet()) {
			if (labels.containsKey(detected.getKey())) {
				continue;
			}
			if (names + 1 + NAMES_KEPT_FOR_DYNAMIC_LABELS > ServerLimits.MAX_LABEL_NAMES) {
				leftOut.add(detected.getKey());
				continue;
			}
			labels.put(detected.getKey(), ServerLimits.cutToBytes(
					FORBIDDEN_IN_LABEL_VALUE.matcher(detected.getValue().trim()).replaceAll("_"),
					ServerLimits.MAX_VALUE_LENGTH));
			names++;
		}
		if (!leftOut.isEmpty()) {
			logger.warn("Pyroscope keeps at most " + ServerLimits.MAX_LABEL_NAMES + " label names per series; "
					+ "the labels found at startup " + leftOut + " are left out to keep room for dynamic labels "
					+ "(pyroscope.labels holds " + properties.getLabels().size() + ")");
		}
		labels = Collections.unmodifiableMap(labels);
		check(properties);
		PyroscopeProperties.Profiler profiler = properties.getProfiler();
		return new AgentSettings(applicationName, labels, ProfilingEvent.valueOf(profiler.getEvent().name()), profiler.getInterval(),
				properties.getUploadInterval(),
				(profiler.getAllocationThreshold() != null) ? profiler.getAllocationThreshold().toBytes() : null,
				profiler.isAllocationLive(), profiler.getLockThreshold(), profiler.getStackDepth(),
				profiler.isGcBeforeDump(), textOrNull(profiler.getTempDirectory()),
				textOrNull(profiler.getNativeLogLevel()), textOrNull(profiler.getExtraArguments()),
				profiler.getWallClock().isEnabled() ? profiler.getWallClock().getInterval() : null,
				(profiler.getNativeMemoryThreshold() != null) ? profiler.getNativeMemoryThreshold().toBytes() : null);
	}

	/**
	 * Checks every property and resolves where and how to upload: the server, tenant and credentials from the
	 * connection details, everything else from the properties.
	 * @param properties the bound properties
	 * @param connection where to upload ({@link PropertiesPyroscopeConnectionDetails} unless another source gave one)
	 * @param agent what the agent samples with ({@link #agentSettings})
	 * @param sslBundles the application's SSL bundles, for {@code pyroscope.ssl.bundle}
	 */
	static IngestSettings ingestSettings(PyroscopeProperties properties, PyroscopeConnectionDetails connection,
			AgentSettings agent, ObjectProvider<SslBundles> sslBundles) {
		check(properties);
		IngestSettings.Tls tls = tls(properties.getSsl().getBundle(), sslBundles);
		PyroscopeProperties.Export export = properties.getExport();
		return new IngestSettings(connection.getServerAddress().trim(),
				IngestNames.of(agent.applicationName(), agent.labels()), textOrNull(connection.getTenantId()),
				new LinkedHashMap<>(properties.getHeaders()),
				new IngestCredentials(connection.getAuthToken(), connection.getBasicAuthUsername(),
						connection.getBasicAuthPassword()),
				export.getTimeout(),
				export.getQueueCapacity(), export.getQueueMaxSize().toBytes(), export.getMaxAttempts(),
				export.getInitialBackoff(), export.getMaxBackoff(), proxy(properties.getProxy()), tls);
	}

	/** Checks every property and resolves what local mode keeps. */
	static LocalProfileStore localProfileStore(PyroscopeProperties properties) {
		check(properties);
		PyroscopeProperties.Local local = properties.getLocal();
		// The raw recordings are kept only for the JFR download: the views read the aggregates.
		return new LocalProfileStore(local.getRetention(), local.getMaxSize().toBytes(), local.isJfrDownload());
	}

	/** Checks every property and resolves how the profiler is run. */
	static ProfilerSettings profilerSettings(PyroscopeProperties properties, FleetShare fleetShare) {
		check(properties);
		return new ProfilerSettings(properties.getShutdown().getFlushTimeout(), properties.isFailFast(),
				properties.getProfiler().getOnDemand().getMaxDuration(), fleetShare);
	}

	private static IngestSettings.@Nullable Tls tls(@Nullable String bundleName, ObjectProvider<SslBundles> sslBundles) {
		if (!StringUtils.hasText(bundleName)) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		SslBundle bundle;
		try {
			if (bundles == null) {
				throw new NoSuchSslBundleException(bundleName, "no SSL bundles are defined");
			}
			bundle = bundles.getBundle(bundleName.trim());
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.ssl.bundle",
					"there is no SSL bundle named '" + bundleName.trim() + "'",
					"Define it under spring.ssl.bundle.jks." + bundleName.trim() + " or spring.ssl.bundle.pem."
							+ bundleName.trim() + ", or correct the name.");
		}
		X509TrustManager trustManager = Arrays.stream(bundle.getManagers().getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new InvalidPyroscopeConfigurationException("pyroscope.ssl.bundle",
					"the SSL bundle '" + bundleName.trim() + "' has no X.509 trust manager",
					"Give the bundle a trust store (truststore.* properties) with the server's CA."));
		return new IngestSettings.Tls(bundleName.trim(), bundle.createSslContext(), trustManager);
	}

	private static IngestSettings.@Nullable Proxy proxy(PyroscopeProperties.Proxy proxy) {
		if (!StringUtils.hasText(proxy.getHost())) {
			return null;
		}
		return new IngestSettings.Proxy(proxy.getHost().trim(), proxy.getPort(), textOrNull(proxy.getUsername()),
				proxy.getPassword());
	}

	static IngestCredentials credentials(PyroscopeProperties properties) {
		return new IngestCredentials(properties.getAuthToken(), properties.getBasicAuth().getUsername(),
				properties.getBasicAuth().getPassword());
	}

	private static void check(PyroscopeProperties properties) {
		if (StringUtils.hasText(properties.getServerAddress())) {
			// Uploads only: local mode works without OkHttp.
			checkUploadClient();
			checkServerAddress(properties.getServerAddress());
			checkHeaderValues(properties);
		}
		checkCredentialsHaveAnAddress(properties);
		checkBasicAuth(properties.getBasicAuth());
		checkAtLeast("pyroscope.upload-interval", properties.getUploadInterval(), Duration.ofSeconds(1), "1s");
		checkAtLeast("pyroscope.profiler.interval", properties.getProfiler().getInterval(), Duration.ofNanos(1), "1ns");
		checkAtLeast("pyroscope.export.timeout", properties.getExport().getTimeout(), Duration.ofMillis(1), "1ms");
		checkAtLeast("pyroscope.shutdown.flush-timeout", properties.getShutdown().getFlushTimeout(), Duration.ZERO, "0s");
		checkAtLeastOne("pyroscope.profiler.stack-depth", properties.getProfiler().getStackDepth());
		warnAboutStackDepth(properties.getProfiler().getStackDepth());
		checkAtLeastOne("pyroscope.export.queue-capacity", properties.getExport().getQueueCapacity());
		checkPositiveSize("pyroscope.export.queue-max-size", properties.getExport().getQueueMaxSize());
		checkProxy(properties.getProxy());
		checkAtLeastOne("pyroscope.export.max-attempts", properties.getExport().getMaxAttempts());
		checkTempDirectory(properties.getProfiler().getTempDirectory());
		checkWallClock(properties.getProfiler());
		if (properties.getProfiler().getNativeMemoryThreshold() != null) {
			checkPositiveSize("pyroscope.profiler.native-memory-threshold",
					properties.getProfiler().getNativeMemoryThreshold());
		}
		checkAtLeast("pyroscope.profiler.on-demand.max-duration",
				properties.getProfiler().getOnDemand().getMaxDuration(), Duration.ofSeconds(1), "1s");
		checkAtLeast("pyroscope.export.initial-backoff", properties.getExport().getInitialBackoff(), Duration.ZERO, "0s");
		checkAtLeast("pyroscope.export.max-backoff", properties.getExport().getMaxBackoff(), Duration.ofMillis(1), "1ms");
		checkAtLeast("pyroscope.local.retention", properties.getLocal().getRetention(), Duration.ofSeconds(1), "1s");
		checkPositiveSize("pyroscope.local.max-size", properties.getLocal().getMaxSize());
	}

	/**
	 * Returns the labels sorted by name, or throws naming the first bad one.
	 * @throws InvalidPyroscopeConfigurationException if a name or value is not allowed
	 */
	// Every upload would be refused (422, "has N label names; limit 30"): better said at startup. Returns the names
	// every series has.
	private static int checkLabelNameCount(String applicationName, Map<String, String> labels) {
		int names = IngestNames.fixedLabelNames(IngestNames.of(applicationName, labels));
		if (names > ServerLimits.MAX_LABEL_NAMES) {
			throw new InvalidPyroscopeConfigurationException(PyroscopeProperties.PREFIX + ".labels",
					labels.size() + " static labels, with the " + (names - labels.size())
							+ " names the server and the agent add to every series, make " + names
							+ " label names, more than the " + ServerLimits.MAX_LABEL_NAMES
							+ " Pyroscope accepts: it would refuse every upload",
					"Remove at least " + (names - ServerLimits.MAX_LABEL_NAMES)
							+ " static labels, and leave room for dynamic labels such as the route and method.");
		}
		return names;
	}

	private static Map<String, String> staticLabels(Map<String, String> labels) {
		Map<String, String> sorted = new TreeMap<>();
		labels.forEach((name, value) -> {
			String property = "pyroscope.labels." + name;
			String problem = LabelRules.problemWithName(name);
			if (problem != null) {
				String fix = name.startsWith("__") ? "Rename the label without the leading underscores."
						: "Rename the label, for example to '" + LabelRules.suggestName(name) + "'.";
				throw new InvalidPyroscopeConfigurationException(property, problem, fix);
			}
			String trimmed = (value != null) ? value.trim() : "";
			if (trimmed.isEmpty()) {
				throw new InvalidPyroscopeConfigurationException(property, "the label has no value",
						"Give the label a value, or remove it.");
			}
			if (FORBIDDEN_IN_LABEL_VALUE.matcher(trimmed).find()) {
				throw new InvalidPyroscopeConfigurationException(property,
						"the value '" + trimmed + "' contains ',', '{', '}' or '=', which break the profile's name",
						"Remove those characters from the value, for example '"
								+ FORBIDDEN_IN_LABEL_VALUE.matcher(trimmed).replaceAll("_") + "'.");
			}
			if (ServerLimits.longerThan(trimmed, ServerLimits.MAX_VALUE_LENGTH)) {
				throw new InvalidPyroscopeConfigurationException(property,
						"the value is longer than the " + ServerLimits.MAX_VALUE_LENGTH
								+ " bytes Pyroscope accepts: it would refuse every upload",
						"Shorten the value.");
			}
			sorted.put(name, trimmed);
		});
		return Collections.unmodifiableMap(sorted);
	}

	private static String applicationName(PyroscopeProperties properties, @Nullable String springApplicationName) {
		String configured = properties.getApplicationName();
		if (StringUtils.hasText(configured)) {
			if (!APPLICATION_NAME.matcher(configured).matches()) {
				throw new InvalidPyroscopeConfigurationException("pyroscope.application-name",
						"'" + configured + "' holds characters the Pyroscope server does not accept",
						"Use only letters, digits and '_', '.', '-', '/', for example '"
								+ configured.replaceAll("[^A-Za-z0-9_.\\-/]", "-") + "'.");
			}
			return configured;
		}
		if (StringUtils.hasText(springApplicationName)) {
			// Derived, not chosen by the user for Pyroscope: adapt it rather than fail.
			return springApplicationName.trim().replaceAll("[^A-Za-z0-9_.\\-/]", "-");
		}
		return FALLBACK_APPLICATION_NAME;
	}

	// Not an error: a server may be configured to keep deeper stacks.
	private static void warnAboutStackDepth(int stackDepth) {
		if (stackDepth > SERVER_STACK_DEPTH) {
			logger.warn("pyroscope.profiler.stack-depth=" + stackDepth + " is deeper than a Pyroscope server keeps by "
					+ "default (" + SERVER_STACK_DEPTH + " frames): it drops the leaf-side frames of deeper stacks, those "
					+ "that show where the time goes. Set it to " + SERVER_STACK_DEPTH + " or less, unless the server's "
					+ "validation.max-profile-stack-depth is higher.");
		}
	}

	// OkHttp is the upload client; an application may leave it out when it only uses local mode.
	private static void checkUploadClient() {
		if (!ClassUtils.isPresent(OKHTTP_CLIENT, PyroscopePropertiesResolver.class.getClassLoader())) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.server-address",
					"it asks for uploads, and uploads need OkHttp (com.squareup.okhttp3:okhttp-jvm), which is not on "
							+ "the class path",
					"Add com.squareup.okhttp3:okhttp-jvm (the starter brings it unless it was excluded), or remove "
							+ "pyroscope.server-address to profile in local mode.");
		}
	}

	// The server weighs wall-clock samples by 1e9 / sampleRate in whole numbers: an interval that does not divide one
	// second evenly would be stored a little off (30ms as 30.3ms).
	private static void checkWallClock(PyroscopeProperties.Profiler profiler) {
		PyroscopeProperties.Profiler.WallClock wallClock = profiler.getWallClock();
		if (!wallClock.isEnabled()) {
			return;
		}
		if (profiler.getEvent() == PyroscopeProperties.Profiler.Event.WALL) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.profiler.wall-clock.enabled",
					"pyroscope.profiler.event=wall samples wall-clock time already, instead of CPU time",
					"Set pyroscope.profiler.event to itimer (or cpu) to sample CPU and wall-clock time side by side, "
							+ "or leave pyroscope.profiler.wall-clock.enabled unset.");
		}
		Duration interval = wallClock.getInterval();
		long nanos = (interval != null) ? interval.toNanos() : 0;
		if (nanos < Duration.ofMillis(1).toNanos() || nanos > Duration.ofSeconds(1).toNanos()
				|| Duration.ofSeconds(1).toNanos() % nanos != 0) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.profiler.wall-clock.interval",
					"'" + ((interval != null) ? DurationText.of(interval) : "") + "' is not between 1ms and 1s, or does "
							+ "not divide one second evenly (the server counts wall-clock samples per second)",
					"Use an interval such as 10ms, 20ms or 50ms.");
		}
	}

	private static void checkServerAddress(@Nullable String address) {
		if (!StringUtils.hasText(address)) {
			return;
		}
		String problem = null;
		try {
			URI uri = new URI(address.trim());
			if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
				problem = "it is not an http or https URL";
			}
			else if (uri.getPort() == 0 || uri.getPort() > 65535) {
				problem = "its port is not between 1 and 65535";
			}
			else if (uri.getQuery() != null || uri.getFragment() != null) {
				problem = "it has a query or fragment";
			}
			else if (HttpUrl.parse(address.trim()) == null) {
				// OkHttp sends the uploads: what it cannot parse cannot be used. It accepts host names with '_'
				// (Docker Compose service names), in which java.net.URI finds no host.
				problem = "it has no host, or is not a URL the HTTP client can use";
			}
		}
		catch (URISyntaxException ex) {
			problem = "it is not a valid URL";
		}
		if (problem != null) {
			// The address may carry credentials: it is not repeated in the message.
			throw new InvalidPyroscopeConfigurationException("pyroscope.server-address", problem,
					"Set the server's base URL, for example 'http://pyroscope:4040' or "
							+ "'https://profiles-prod-001.grafana.net', or remove it to profile in local mode.");
		}
	}

	// A value HTTP cannot carry (a secret read from a file keeps its trailing newline) would fail every upload, with
	// an error that repeats it. Found here, it is named by its property, never shown.
	private static void checkHeaderValues(PyroscopeProperties properties) {
		properties.getHeaders().forEach((name, value) -> {
			checkHeaderText("pyroscope.headers." + name, name, "X-Custom");
			checkHeaderText("pyroscope.headers." + name, "X-Custom", value);
		});
		checkHeaderText("pyroscope.auth-token", "Authorization", properties.getAuthToken());
		// Basic-auth credentials are sent Base64-encoded: any character goes.
		checkHeaderText("pyroscope.tenant-id", "X-Scope-OrgID", properties.getTenantId());
	}

	private static void checkHeaderText(String property, String name, @Nullable String value) {
		if (value == null) {
			return;
		}
		try {
			new Headers.Builder().add(name, value);
		}
		catch (IllegalArgumentException ex) {
			// The exception's message repeats the value: it is not passed on.
			throw new InvalidPyroscopeConfigurationException(property,
					"it holds characters an HTTP header cannot carry (a control character such as a trailing newline, "
							+ "or a character outside ASCII)",
					"Remove them from the value; if it is read from a file or a secret, check for a line break at "
							+ "its end.");
		}
	}

	private static void checkCredentialsHaveAnAddress(PyroscopeProperties properties) {
		boolean credentials = StringUtils.hasText(properties.getAuthToken())
				|| StringUtils.hasText(properties.getBasicAuth().getPassword());
		if (credentials && !StringUtils.hasText(properties.getServerAddress())) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.server-address",
					"Pyroscope credentials are set but the server address is not, so nothing would be uploaded",
					"Set pyroscope.server-address (PYROSCOPE_SERVER_ADDRESS). If the credentials come from a "
							+ "secret, add the key pyroscope_server_address to that secret.");
		}
	}

	private static void checkBasicAuth(PyroscopeProperties.BasicAuth basicAuth) {
		checkUserAndPassword("pyroscope.basic-auth", "basic authentication", basicAuth.getUsername(),
				basicAuth.getPassword());
	}

	// Half a credential would be sent as none at all: name the half that is missing.
	private static void checkUserAndPassword(String prefix, String what, @Nullable String username,
			@Nullable String password) {
		if (StringUtils.hasText(username) != StringUtils.hasText(password)) {
			String missing = prefix + (StringUtils.hasText(username) ? ".password" : ".username");
			throw new InvalidPyroscopeConfigurationException(missing, what + " needs both a username and a password",
					"Set " + missing + " too, or remove the other " + prefix + " credential.");
		}
	}

	private static void checkAtLeast(String property, @Nullable Duration value, Duration minimum, String minimumText) {
		if (value == null || value.compareTo(minimum) < 0) {
			throw new InvalidPyroscopeConfigurationException(property, "'" + value + "' is below " + minimumText,
					"Set " + property + " to at least " + minimumText + ".");
		}
	}

	private static void checkProxy(PyroscopeProperties.Proxy proxy) {
		if (!StringUtils.hasText(proxy.getHost())) {
			return;
		}
		if (proxy.getPort() < 1 || proxy.getPort() > 65535) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.proxy.port",
					"'" + proxy.getPort() + "' is not between 1 and 65535", "Set the proxy's port, for example 3128.");
		}
		checkUserAndPassword("pyroscope.proxy", "proxy authentication", proxy.getUsername(), proxy.getPassword());
	}

	private static void checkAtLeastOne(String property, int value) {
		if (value < 1) {
			throw new InvalidPyroscopeConfigurationException(property, "'" + value + "' is not a positive number",
					"Set " + property + " to 1 or more.");
		}
	}

	private static void checkPositiveSize(String property, @Nullable DataSize value) {
		if (value == null || value.toBytes() < 1) {
			throw new InvalidPyroscopeConfigurationException(property, "'" + value + "' is not a positive size",
					"Set " + property + " to a size such as 32MB.");
		}
	}

	private static void checkTempDirectory(@Nullable String directory) {
		if (!StringUtils.hasText(directory)) {
			return;
		}
		if (directory.contains(",")) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.profiler.temp-directory",
					"the path contains ',', which the native profiler reads as an option separator",
					"Choose a directory whose path has no comma.");
		}
		// The agent would silently record elsewhere, and a failure later would be blamed on java.io.tmpdir.
		Path path = Path.of(directory.trim());
		if (!Files.isDirectory(path) || !Files.isWritable(path)) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.profiler.temp-directory",
					"'" + directory.trim() + "' is not a directory this application can write to",
					"Create it with write access for the application's user, or point the property at such a "
							+ "directory (or remove it to use java.io.tmpdir).");
		}
	}

	private static @Nullable String textOrNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}

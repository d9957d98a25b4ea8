package dev.pyroscopestarter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.pyroscopestarter.autoconfigure.PyroscopeProperties;
import dev.pyroscopestarter.export.ServerAddress;
import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.config.Config;

import org.springframework.util.unit.DataSize;

/**
 * The {@code pyroscope.*} properties checked and resolved into what the profiler runs with: the application name,
 * the static labels, and the agent's {@link Config}. Every problem is reported as an
 * {@link InvalidPyroscopeConfigurationException} naming the property and the fix.
 */
public final class PyroscopeSettings {

	/** The characters the server accepts in an application name. */
	private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9_.\\-/]+");

	private static final String FALLBACK_APPLICATION_NAME = "spring-boot-application";

	private final PyroscopeProperties properties;

	private final String applicationName;

	private final Map<String, String> labels;

	private final Config agentConfig;

	private PyroscopeSettings(PyroscopeProperties properties, String applicationName, Map<String, String> labels,
			Config agentConfig) {
		this.properties = properties;
		this.applicationName = applicationName;
		this.labels = labels;
		this.agentConfig = agentConfig;
	}

	/**
	 * @param properties the bound properties
	 * @param springApplicationName {@code spring.application.name}, or null
	 * @param buildVersion the version from Spring Boot's build info, or null
	 */
	public static PyroscopeSettings resolve(PyroscopeProperties properties, String springApplicationName,
			String buildVersion) {
		String applicationName = applicationName(properties, springApplicationName);
		Map<String, String> labels = new LinkedHashMap<>(properties.getLabels());
		if (properties.isServiceVersionLabel() && hasText(buildVersion)) {
			labels.putIfAbsent("service_version", buildVersion);
		}
		labels = StaticLabels.validate(labels);
		checkServerAddress(properties.getServerAddress());
		checkCredentialsHaveAnAddress(properties);
		checkBasicAuth(properties.getBasicAuth());
		checkAtLeast("pyroscope.upload-interval", properties.getUploadInterval(), Duration.ofSeconds(1), "1s");
		checkAtLeast("pyroscope.profiler.interval", properties.getProfiler().getInterval(), Duration.ofNanos(1), "1ns");
		checkAtLeast("pyroscope.export.timeout", properties.getExport().getTimeout(), Duration.ofMillis(1), "1ms");
		checkAtLeast("pyroscope.shutdown.flush-timeout", properties.getShutdown().getFlushTimeout(), Duration.ZERO, "0s");
		checkAtLeastOne("pyroscope.profiler.stack-depth", properties.getProfiler().getStackDepth());
		checkAtLeastOne("pyroscope.export.queue-capacity", properties.getExport().getQueueCapacity());
		checkAtLeastOne("pyroscope.export.max-attempts", properties.getExport().getMaxAttempts());
		checkTempDirectory(properties.getProfiler().getTempDirectory());
		checkAtLeast("pyroscope.export.initial-backoff", properties.getExport().getInitialBackoff(), Duration.ZERO, "0s");
		checkAtLeast("pyroscope.export.max-backoff", properties.getExport().getMaxBackoff(), Duration.ofMillis(1), "1ms");
		checkAtLeast("pyroscope.local.retention", properties.getLocal().getRetention(), Duration.ofSeconds(1), "1s");
		checkPositiveSize("pyroscope.local.max-size", properties.getLocal().getMaxSize());
		return new PyroscopeSettings(properties, applicationName, labels,
				checkedAgentConfig(properties, applicationName, labels));
	}

	public PyroscopeProperties properties() {
		return this.properties;
	}

	public String applicationName() {
		return this.applicationName;
	}

	/** Static labels, sorted by name, {@code service_version} included when added. */
	public Map<String, String> labels() {
		return this.labels;
	}

	/** The agent's configuration. It holds credentials: never log it. */
	public Config agentConfig() {
		return this.agentConfig;
	}

	/** No server address: profiles stay in memory. */
	public boolean localMode() {
		return !hasText(this.properties.getServerAddress());
	}

	/** The server address as it may be shown: without user info. */
	public String displayServerAddress() {
		return localMode() ? null : ServerAddress.withoutCredentials(this.properties.getServerAddress());
	}

	@Override
	public String toString() {
		return "PyroscopeSettings{application=" + this.applicationName + ", server=" + displayServerAddress()
				+ ", labels=" + this.labels + "}";
	}

	private static String applicationName(PyroscopeProperties properties, String springApplicationName) {
		String configured = properties.getApplicationName();
		if (hasText(configured)) {
			if (!APPLICATION_NAME.matcher(configured).matches()) {
				throw new InvalidPyroscopeConfigurationException("pyroscope.application-name",
						"'" + configured + "' holds characters the Pyroscope server does not accept",
						"Use only letters, digits and '_', '.', '-', '/', for example '"
								+ configured.replaceAll("[^A-Za-z0-9_.\\-/]", "-") + "'.");
			}
			return configured;
		}
		if (hasText(springApplicationName)) {
			// Derived, not chosen by the user for Pyroscope: adapt it rather than fail.
			return springApplicationName.trim().replaceAll("[^A-Za-z0-9_.\\-/]", "-");
		}
		return FALLBACK_APPLICATION_NAME;
	}

	private static void checkServerAddress(String address) {
		if (!hasText(address)) {
			return;
		}
		String problem = null;
		try {
			URI uri = new URI(address.trim());
			if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
				problem = "it is not an http or https URL";
			}
			else if (uri.getHost() == null && okhttp3.HttpUrl.parse(address.trim()) == null) {
				// java.net.URI finds no host in names with '_' (Docker Compose service names); OkHttp, which
				// sends the uploads, accepts them.
				problem = "it has no host";
			}
			else if (uri.getQuery() != null || uri.getFragment() != null) {
				problem = "it has a query or fragment";
			}
			else if (uri.getPort() == 0 || uri.getPort() > 65535) {
				problem = "its port is not between 1 and 65535";
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

	private static void checkCredentialsHaveAnAddress(PyroscopeProperties properties) {
		boolean credentials = hasText(properties.getAuthToken()) || hasText(properties.getBasicAuth().getPassword());
		if (credentials && !hasText(properties.getServerAddress())) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.server-address",
					"Pyroscope credentials are set but the server address is not, so nothing would be uploaded",
					"Set pyroscope.server-address (PYROSCOPE_SERVER_ADDRESS). If the credentials come from a "
							+ "secret, add the key pyroscope_server_address to that secret.");
		}
	}

	private static void checkBasicAuth(PyroscopeProperties.BasicAuth basicAuth) {
		if (hasText(basicAuth.getUsername()) != hasText(basicAuth.getPassword())) {
			String missing = hasText(basicAuth.getUsername()) ? "pyroscope.basic-auth.password"
					: "pyroscope.basic-auth.username";
			throw new InvalidPyroscopeConfigurationException(missing, "basic authentication needs both a username and a password",
					"Set " + missing + " too, or remove the other basic-auth property.");
		}
	}

	private static void checkAtLeast(String property, Duration value, Duration minimum, String minimumText) {
		if (value == null || value.compareTo(minimum) < 0) {
			throw new InvalidPyroscopeConfigurationException(property, "'" + value + "' is below " + minimumText,
					"Set " + property + " to at least " + minimumText + ".");
		}
	}

	private static void checkAtLeastOne(String property, int value) {
		if (value < 1) {
			throw new InvalidPyroscopeConfigurationException(property, "'" + value + "' is not a positive number",
					"Set " + property + " to 1 or more.");
		}
	}

	private static void checkPositiveSize(String property, DataSize value) {
		if (value == null || value.toBytes() < 1) {
			throw new InvalidPyroscopeConfigurationException(property, "'" + value + "' is not a positive size",
					"Set " + property + " to a size such as 32MB.");
		}
	}

	private static void checkTempDirectory(String directory) {
		if (directory != null && directory.contains(",")) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.profiler.temp-directory",
					"the path contains ',', which the native profiler reads as an option separator",
					"Choose a directory whose path has no comma.");
		}
	}

	// The agent rejects an address it cannot parse with a message that repeats it, credentials included.
	private static Config checkedAgentConfig(PyroscopeProperties properties, String applicationName,
			Map<String, String> labels) {
		try {
			return agentConfig(properties, applicationName, labels);
		}
		catch (IllegalArgumentException ex) {
			if (ex.getMessage() != null && ex.getMessage().startsWith("invalid url")) {
				throw new InvalidPyroscopeConfigurationException("pyroscope.server-address",
						"the profiling agent cannot parse it as a URL",
						"Set the server's base URL, for example 'http://pyroscope:4040'.");
			}
			throw ex;
		}
	}

	private static Config agentConfig(PyroscopeProperties properties, String applicationName,
			Map<String, String> labels) {
		PyroscopeProperties.Profiler profiler = properties.getProfiler();
		PyroscopeProperties.Export export = properties.getExport();
		Config.Builder builder = new Config.Builder().setAgentEnabled(true)
			.setFormat(Format.JFR)
			.setApplicationName(applicationName)
			.setLabels(labels)
			.setProfilingEvent(EventType.valueOf(profiler.getEvent().name()))
			.setProfilingInterval(profiler.getInterval())
			.setProfilingAlloc((profiler.getAllocationThreshold() != null)
					? Long.toString(profiler.getAllocationThreshold().toBytes()) : "")
			.setAllocLive(profiler.isAllocationLive())
			.setProfilingLock((profiler.getLockThreshold() != null)
					? Long.toString(profiler.getLockThreshold().toNanos()) : "")
			.setJavaStackDepthMax(profiler.getStackDepth())
			.setGcBeforeDump(profiler.isGcBeforeDump())
			.setUploadInterval(properties.getUploadInterval())
			.setProfileExportTimeout(export.getTimeout())
			.setPushQueueCapacity(export.getQueueCapacity())
			.setIngestMaxRetries(export.getMaxAttempts())
			.setHTTPHeaders(new LinkedHashMap<>(properties.getHeaders()));
		if (hasText(properties.getServerAddress())) {
			builder.setServerAddress(properties.getServerAddress().trim());
		}
		if (hasText(properties.getAuthToken())) {
			builder.setAuthToken(properties.getAuthToken());
		}
		if (hasText(properties.getTenantId())) {
			builder.setTenantID(properties.getTenantId());
		}
		if (hasText(properties.getBasicAuth().getUsername())) {
			builder.setBasicAuthUser(properties.getBasicAuth().getUsername())
				.setBasicAuthPassword(properties.getBasicAuth().getPassword());
		}
		if (hasText(profiler.getNativeLogLevel())) {
			builder.setAPLogLevel(profiler.getNativeLogLevel());
		}
		if (hasText(profiler.getExtraArguments())) {
			builder.setAPExtraArguments(profiler.getExtraArguments());
		}
		if (hasText(profiler.getTempDirectory())) {
			builder.setTmpDir(profiler.getTempDirectory());
		}
		return builder.build();
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}

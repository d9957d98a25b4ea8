package dev.pyroscopestarter.autoconfigure.tracing;

import java.util.function.Supplier;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.tracing.ProfileUrlTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Decides which {@code pyroscope.profile.url} spans get: the template set in {@code pyroscope.tracing.profile-url};
 * unset, in local mode, this application's flame graph filtered to the span, provided the endpoint that serves it
 * is exposed over HTTP; otherwise (uploading, to an address from properties or from connection details) none.
 */
final class ProfileUrls {

	static final String PROFILE_URL = "pyroscope.tracing.profile-url";

	static final String BASE_URL = "pyroscope.tracing.base-url";

	private ProfileUrls() {
	}

	/**
	 * The span link, or null for none.
	 * @param endpointPath the pyroscope endpoint's path as Spring Boot maps it ({@code PathMappedEndpoints}: base
	 * path and path mapping), or null when the endpoint is not available over HTTP (not exposed, no access, no
	 * actuator)
	 * @param localMode whether profiles are kept in this application (local mode) rather than uploaded or
	 * exported
	 */
	static @Nullable ProfileUrlTemplate template(PyroscopeTracingProperties properties,
			@Nullable AgentSettings agent, Environment environment, @Nullable String endpointPath, boolean localMode) {
		if (agent == null) {
			return null;
		}
		String configured = properties.getProfileUrl();
		String template;
		String property;
		if (configured != null) {
			if (!StringUtils.hasText(configured)) {
				return null;
			}
			template = configured.trim();
			property = PROFILE_URL;
		}
		else {
			if (!localMode || endpointPath == null || !servedOverHttp(environment)) {
				return null;
			}
			template = "{baseUrl}" + serverPrefix(environment) + endpointPath + "/flamegraph?span_id={spanId}"
					+ "&from={from}&to={to}";
			property = BASE_URL;
		}
		Supplier<String> baseUrl = baseUrl(properties, environment);
		try {
			return new ProfileUrlTemplate(template, agent.applicationName(), baseUrl);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPyroscopeConfigurationException(property, "The profile URL " + ex.getMessage() + ".",
					"Set " + PROFILE_URL + " to an http(s) URL template without user info, such as "
							+ "https://grafana.example.com/...{spanId}..., or leave it empty for no profile URL.");
		}
	}

	private static Supplier<String> baseUrl(PyroscopeTracingProperties properties, Environment environment) {
		String configured = properties.getBaseUrl();
		if (StringUtils.hasText(configured)) {
			String base = StringUtils.trimTrailingCharacter(configured.trim(), '/');
			try {
				ProfileUrlTemplate.checkUrl(base);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidPyroscopeConfigurationException(BASE_URL, "The base URL " + ex.getMessage() + ".",
						"Set " + BASE_URL + " to the http(s) address a browser reaches this application at, "
								+ "such as https://checkout.example.com, without user info.");
			}
			return () -> base;
		}
		return new LocalBaseUrl(environment);
	}

	/** The path the server that serves the actuator puts before the endpoints' paths. */
	private static String serverPrefix(Environment environment) {
		boolean ownPort = environment.getProperty("management.server.port") != null;
		String prefix = ownPort ? environment.getProperty("management.server.base-path", "")
				: environment.getProperty("server.servlet.context-path", "");
		String trimmed = StringUtils.trimTrailingCharacter(prefix.trim(), '/');
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

	// Exposure and access are Spring Boot's (the endpoint path is null without them); this is whether the
	// actuator has an HTTP server at all.
	private static boolean servedOverHttp(Environment environment) {
		String port = environment.getProperty("management.server.port", environment.getProperty("server.port", ""));
		return !"-1".equals(port.trim())
				&& !"none".equalsIgnoreCase(environment.getProperty("spring.main.web-application-type", "").trim());
	}

	/**
	 * {@code http://localhost} and the port the actuator answers on: known once the web server runs (a random port
	 * included), configured before.
	 */
	private static final class LocalBaseUrl implements Supplier<String> {

		private final Environment environment;

		private volatile @Nullable String known;

		LocalBaseUrl(Environment environment) {
			this.environment = environment;
		}

		@Override
		public String get() {
			String base = this.known;
			if (base != null) {
				return base;
			}
			String running = this.environment.getProperty("local.management.port");
			if (running == null) {
				running = this.environment.getProperty("local.server.port");
			}
			if (running != null) {
				this.known = "http://localhost:" + running;
				return this.known;
			}
			return "http://localhost:" + this.environment.getProperty("management.server.port",
					this.environment.getProperty("server.port", "8080"));
		}

	}

}

package dev.pyroscopestarter.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The one table that maps the official Pyroscope Java agent's configuration variables to {@code pyroscope.*}
 * properties. Each variable is recognised as an environment variable or system property in upper snake case
 * ({@code PYROSCOPE_SERVER_ADDRESS}), in lower snake case ({@code pyroscope_server_address}, the keys of a JSON
 * secret) and, as a system property, in the agent's dotted form ({@code pyroscope.server.address}).
 * <p>
 * Values are translated from the agent's syntax into Spring's: {@code 10ms}/{@code 100us}/bare nanoseconds for
 * durations, {@code 512k} for sizes, {@code k=v,k2=v2} for labels and a JSON object for headers.
 */
public final class AgentVariableAliases {

	/** Variables the agent knows but the starter does not support; setting them logs a warning. */
	public static final List<String> UNSUPPORTED = List.of("PYROSCOPE_FORMAT", "PYROSCOPE_PROFILER_TYPE",
			"PYROSCOPE_SAMPLING_DURATION", "PYROSCOPE_SAMPLING_RATE", "PYROSCOPE_SAMPLING_EVENT_ORDER",
			"PYROSCOPE_JFR_PROFILER_SETTINGS", "PYROSCOPE_EXPORT_COMPRESSION_LEVEL_JFR",
			"PYROSCOPE_EXPORT_COMPRESSION_LEVEL_LABELS", "PYROSCOPE_CONFIGURATION_FILE",
			"PYROSCOPE_ADHOC_SERVER_ADDRESS");

	private static final List<Alias> ALIASES = List.of(
			scalar("PYROSCOPE_ENABLED", "pyroscope.enabled"),
			scalar("PYROSCOPE_AGENT_ENABLED", "pyroscope.enabled"),
			scalar("PYROSCOPE_APPLICATION_NAME", "pyroscope.application-name"),
			scalar("PYROSCOPE_SERVER_ADDRESS", "pyroscope.server-address"),
			scalar("PYROSCOPE_AUTH_TOKEN", "pyroscope.auth-token"),
			scalar("PYROSCOPE_BASIC_AUTH_USER", "pyroscope.basic-auth.username"),
			scalar("PYROSCOPE_BASIC_AUTH_PASSWORD", "pyroscope.basic-auth.password"),
			scalar("PYROSCOPE_TENANT_ID", "pyroscope.tenant-id"),
			new Alias("PYROSCOPE_HTTP_HEADERS", "pyroscope.headers", AgentVariableAliases::jsonObject),
			new Alias("PYROSCOPE_LABELS", "pyroscope.labels", AgentVariableAliases::labelList),
			scalar("PYROSCOPE_UPLOAD_INTERVAL", "pyroscope.upload-interval", AgentVariableAliases::interval),
			scalar("PYROSCOPE_PROFILER_EVENT", "pyroscope.profiler.event"),
			scalar("PYROSCOPE_PROFILING_INTERVAL", "pyroscope.profiler.interval", AgentVariableAliases::interval),
			scalar("PYROSCOPE_PROFILER_ALLOC", "pyroscope.profiler.allocation-threshold", AgentVariableAliases::size),
			scalar("PYROSCOPE_ALLOC_LIVE", "pyroscope.profiler.allocation-live"),
			scalar("PYROSCOPE_PROFILER_LOCK", "pyroscope.profiler.lock-threshold", AgentVariableAliases::interval),
			scalar("PYROSCOPE_JAVA_STACK_DEPTH_MAX", "pyroscope.profiler.stack-depth"),
			scalar("PYROSCOPE_TMP_DIR", "pyroscope.profiler.temp-directory"),
			scalar("PYROSCOPE_AP_LOG_LEVEL", "pyroscope.profiler.native-log-level"),
			scalar("PYROSCOPE_AP_EXTRA_ARGUMENTS", "pyroscope.profiler.extra-arguments"),
			scalar("PYROSCOPE_GC_BEFORE_DUMP", "pyroscope.profiler.gc-before-dump"),
			scalar("PYROSCOPE_PROFILE_EXPORT_TIMEOUT", "pyroscope.export.timeout", AgentVariableAliases::interval),
			scalar("PYROSCOPE_PUSH_QUEUE_CAPACITY", "pyroscope.export.queue-capacity"),
			scalar("PYROSCOPE_INGEST_MAX_TRIES", "pyroscope.export.max-attempts"),
			scalar("PYROSCOPE_LOG_LEVEL", "logging.level.io.pyroscope", AgentVariableAliases::logLevel));

	private static final Pattern AGENT_INTERVAL = Pattern.compile("(\\d+)(ms|us|s)?");

	private static final Pattern AGENT_SIZE = Pattern.compile("(\\d+)([kmg])?");

	private AgentVariableAliases() {
	}

	/** Every alias, in the order of the table. */
	public static List<Alias> all() {
		return ALIASES;
	}

	/**
	 * An agent variable and the property it binds to.
	 *
	 * @param variable the agent's name, in upper snake case
	 * @param property the {@code pyroscope.*} (or, for a map, prefix) property
	 * @param translate turns the agent's value into properties; a map-valued alias returns several
	 */
	public record Alias(String variable, String property, Function<String, Map<String, String>> translate) {

		/** The spellings under which the variable is looked up, the first winning. */
		public List<String> spellings(boolean includeDottedForm) {
			List<String> names = new ArrayList<>(3);
			names.add(this.variable);
			names.add(this.variable.toLowerCase(Locale.ROOT));
			if (includeDottedForm) {
				names.add(this.variable.toLowerCase(Locale.ROOT).replace('_', '.'));
			}
			return names;
		}

		/** The agent-style value turned into Spring properties, keyed by full property name. */
		public Map<String, String> toProperties(String value) {
			Map<String, String> relative = this.translate.apply(value.trim());
			Map<String, String> properties = new LinkedHashMap<>();
			relative.forEach((suffix, translated) -> properties
				.put(suffix.isEmpty() ? this.property : this.property + "." + suffix, translated));
			return properties;
		}

	}

	private static Alias scalar(String variable, String property) {
		return scalar(variable, property, Function.identity());
	}

	private static Alias scalar(String variable, String property, Function<String, String> translate) {
		return new Alias(variable, property, (value) -> Map.of("", translate.apply(value)));
	}

	/** The agent reads bare numbers as nanoseconds; Spring would read them as milliseconds. */
	static String interval(String value) {
		Matcher matcher = AGENT_INTERVAL.matcher(value);
		if (matcher.matches() && matcher.group(2) == null) {
			return matcher.group(1) + "ns";
		}
		return value;
	}

	/** The agent takes async-profiler's byte counts ({@code 512k}); Spring's DataSize wants {@code 512KB}. */
	static String size(String value) {
		Matcher matcher = AGENT_SIZE.matcher(value.toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			return value;
		}
		String unit = Optional.ofNullable(matcher.group(2)).map((u) -> u.toUpperCase(Locale.ROOT) + "B").orElse("B");
		return matcher.group(1) + unit;
	}

	static String logLevel(String value) {
		return "none".equalsIgnoreCase(value) ? "off" : value;
	}

	/** {@code k=v,k2=v2}, the agent's label list. */
	static Map<String, String> labelList(String value) {
		if (value.isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, String> labels = new LinkedHashMap<>();
		for (String pair : value.split(",")) {
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				throw new InvalidPyroscopeConfigurationException("PYROSCOPE_LABELS",
						"'" + pair.trim() + "' is not a name=value pair",
						"Write the labels as name=value pairs separated by commas, for example "
								+ "PYROSCOPE_LABELS=region=us-east,env=prod.");
			}
			labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
		}
		return labels;
	}

	/** A JSON object of header names and values. Values are not echoed: headers often carry credentials. */
	static Map<String, String> jsonObject(String value) {
		if (value.isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, Object> parsed;
		try {
			parsed = JsonParserFactory.getJsonParser().parseMap(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPyroscopeConfigurationException("PYROSCOPE_HTTP_HEADERS", "it is not a JSON object",
					"Give the headers as a JSON object of strings, for example "
							+ "PYROSCOPE_HTTP_HEADERS={\"X-Custom\":\"value\"}.");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		parsed.forEach((name, headerValue) -> headers.put(name, String.valueOf(headerValue)));
		return headers;
	}

}

package dev.pyroscopestarter.autoconfigure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The service name the application's traces and metrics carry, by Spring Boot's own rules for the OpenTelemetry
 * resource (highest first): {@code management.opentelemetry.resource-attributes[service.name]}, the environment
 * variable {@code OTEL_SERVICE_NAME}, {@code service.name} in {@code OTEL_RESOURCE_ATTRIBUTES}, then
 * {@code spring.application.name}. Boot reads those two variables from the process environment, not from the
 * {@link Environment}: so does this. {@code spring.application.group} is the service's namespace.
 */
final class ServiceIdentity {

	static final String RESOURCE_ATTRIBUTES = "management.opentelemetry.resource-attributes";

	private ServiceIdentity() {
	}

	/** The service name, or null when none of the sources names one. */
	static @Nullable String serviceName(Environment environment, Function<String, @Nullable String> systemEnvironment) {
		Map<String, String> attributes = Binder.get(environment)
			.bind(RESOURCE_ATTRIBUTES, Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		String name = attributes.get("service.name");
		if (StringUtils.hasText(name)) {
			return name.trim();
		}
		name = systemEnvironment.apply("OTEL_SERVICE_NAME");
		if (StringUtils.hasText(name)) {
			return name.trim();
		}
		name = fromResourceAttributes(systemEnvironment.apply("OTEL_RESOURCE_ATTRIBUTES"));
		if (StringUtils.hasText(name)) {
			return name.trim();
		}
		name = environment.getProperty("spring.application.name");
		return StringUtils.hasText(name) ? name.trim() : null;
	}

	/** {@code spring.application.group}, which Boot sends as {@code service.namespace}, or null. */
	static @Nullable String group(Environment environment) {
		String group = environment.getProperty("spring.application.group");
		return StringUtils.hasText(group) ? group.trim() : null;
	}

	// key=value pairs separated by commas, values percent-encoded (the OpenTelemetry specification).
	private static @Nullable String fromResourceAttributes(@Nullable String attributes) {
		if (attributes == null) {
			return null;
		}
		String found = null;
		for (String attribute : StringUtils.tokenizeToStringArray(attributes, ",")) {
			int equals = attribute.indexOf('=');
			if (equals > 0 && attribute.substring(0, equals).trim().equals("service.name")) {
				try {
					found = URLDecoder.decode(attribute.substring(equals + 1).trim().replace("+", "%2B"),
							StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					found = attribute.substring(equals + 1).trim();
				}
			}
		}
		return found;
	}

}

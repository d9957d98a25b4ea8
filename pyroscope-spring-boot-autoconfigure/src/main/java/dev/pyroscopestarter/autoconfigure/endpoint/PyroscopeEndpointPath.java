package dev.pyroscopestarter.autoconfigure.endpoint;

import dev.pyroscopestarter.actuate.endpoint.PyroscopeEndpoint;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Where the {@code pyroscope} endpoint answers, relative to the server that serves the actuator: the actuator's
 * base path and the endpoint's path mapping. The one place both are read.
 */
public final class PyroscopeEndpointPath {

	private PyroscopeEndpointPath() {
	}

	/** For example {@code /actuator/pyroscope}. */
	public static String of(Environment environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		String mapping = environment.getProperty("management.endpoints.web.path-mapping." + PyroscopeEndpoint.ID,
				PyroscopeEndpoint.ID);
		return trimSlashes(basePath) + trimSlashes(mapping);
	}

	/** The path with one leading slash and none trailing; empty for the root. */
	public static String trimSlashes(String path) {
		String trimmed = StringUtils.trimTrailingCharacter(path.trim(), '/');
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

}

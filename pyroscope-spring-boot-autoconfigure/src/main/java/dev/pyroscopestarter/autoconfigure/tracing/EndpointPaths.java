package dev.pyroscopestarter.autoconfigure.tracing;

import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.util.ClassUtils;

/**
 * The pyroscope endpoint's path as Spring Boot's actuator maps and exposes it. Loaded only when the actuator is on
 * the class path.
 */
final class EndpointPaths {

	private static final String PATH_MAPPED_ENDPOINTS = "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints";

	private EndpointPaths() {
	}

	/**
	 * The endpoint's path ({@code /actuator/pyroscope}), or null when it is not available over HTTP: no actuator,
	 * not exposed, or no access.
	 */
	static @Nullable String pyroscope(BeanFactory beanFactory, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(PATH_MAPPED_ENDPOINTS, classLoader)) {
			return null;
		}
		return Actuator.path(beanFactory);
	}

	private static final class Actuator {

		static @Nullable String path(BeanFactory beanFactory) {
			PathMappedEndpoints endpoints = beanFactory.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
			return (endpoints != null) ? endpoints.getPath(EndpointId.of(PyroscopeEndpoint.ID)) : null;
		}

	}

}

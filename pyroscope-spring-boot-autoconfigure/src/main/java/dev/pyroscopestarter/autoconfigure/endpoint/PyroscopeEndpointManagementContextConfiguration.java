package dev.pyroscopestarter.autoconfigure.endpoint;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.internal.actuate.endpoint.LocalViewsSecurityHeadersFilter;
import dev.pyroscopestarter.internal.actuate.endpoint.LocalViewsSecurityHeadersWebFilter;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local views' security headers, where the actuator's endpoints are served: Spring Boot imports this
 * configuration into the application's context when the management server shares its port, and into the
 * management server's own child context when {@code management.server.port} differs, as it does its own
 * endpoint infrastructure. On the endpoint's paths only: the application's other pages are left as they are.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnClass(value = PathMappedEndpoints.class,
		name = { ConditionalOnProfiling.AGENT_CLASS, "one.convert.FlameGraph", "jdk.jfr.consumer.RecordingFile" })
@ConditionalOnAvailableEndpoint(PyroscopeEndpoint.class)
class PyroscopeEndpointManagementContextConfiguration {

	// The endpoint's path within the server that serves it, or null when it is not served over HTTP.
	private static @Nullable String endpointPath(ObjectProvider<PathMappedEndpoints> endpoints) {
		PathMappedEndpoints mapped = endpoints.getIfAvailable();
		return (mapped != null) ? mapped.getPath(EndpointId.of(PyroscopeEndpoint.ID)) : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(FilterRegistrationBean.class)
	static class ServletSecurityHeadersConfiguration {

		@Bean
		FilterRegistrationBean<LocalViewsSecurityHeadersFilter> pyroscopeLocalViewsSecurityHeaders(
				ObjectProvider<PathMappedEndpoints> endpoints) {
			String endpoint = endpointPath(endpoints);
			FilterRegistrationBean<LocalViewsSecurityHeadersFilter> registration = new FilterRegistrationBean<>(
					new LocalViewsSecurityHeadersFilter());
			if (endpoint != null) {
				registration.addUrlPatterns(endpoint, endpoint + "/*");
			}
			else {
				// Not served over HTTP: a registration without patterns would apply to every path.
				registration.setEnabled(false);
			}
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	static class ReactiveSecurityHeadersConfiguration {

		@Bean
		LocalViewsSecurityHeadersWebFilter pyroscopeLocalViewsSecurityHeadersWebFilter(
				ObjectProvider<PathMappedEndpoints> endpoints) {
			return new LocalViewsSecurityHeadersWebFilter(endpointPath(endpoints));
		}

	}

}

package dev.pyroscopestarter.internal.actuate.endpoint;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The local views' security headers ({@link LocalViewsSecurityHeadersFilter#HEADERS}) on a WebFlux server, on the
 * endpoint's own paths only. The path is matched within the application, so a context path
 * ({@code spring.webflux.base-path}, or {@code management.server.base-path} on a separate management port) is
 * left out of it, as the endpoint's own mapping does.
 */
public class LocalViewsSecurityHeadersWebFilter implements WebFilter {

	private final @Nullable String endpointPath;

	/**
	 * @param endpointPath the endpoint's path within the application, for example {@code /actuator/pyroscope}, or
	 * null when it is not served over HTTP (nothing to do)
	 */
	public LocalViewsSecurityHeadersWebFilter(@Nullable String endpointPath) {
		this.endpointPath = endpointPath;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String endpoint = this.endpointPath;
		if (endpoint == null) {
			return chain.filter(exchange);
		}
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals(endpoint) || (path.startsWith(endpoint) && path.charAt(endpoint.length()) == '/')) {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			LocalViewsSecurityHeadersFilter.HEADERS.forEach(headers::set);
		}
		return chain.filter(exchange);
	}

}

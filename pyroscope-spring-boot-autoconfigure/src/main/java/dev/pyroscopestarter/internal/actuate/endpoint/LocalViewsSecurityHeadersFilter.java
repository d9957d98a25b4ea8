package dev.pyroscopestarter.internal.actuate.endpoint;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers a page of profiling data should carry ({@link #HEADERS}), on a servlet server: its own inline script
 * and styles only (the flame graph is one self-contained page), nothing loaded or sent elsewhere, no framing, no
 * sniffing, no caching, no referrer. {@link LocalViewsSecurityHeadersWebFilter} does the same on WebFlux.
 */
public class LocalViewsSecurityHeadersFilter implements Filter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
			+ "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	/** Each header and its value. */
	public static final Map<String, String> HEADERS = headers();

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (response instanceof HttpServletResponse http) {
			HEADERS.forEach(http::setHeader);
		}
		chain.doFilter(request, response);
	}

	private static Map<String, String> headers() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		headers.put("X-Content-Type-Options", "nosniff");
		headers.put("X-Frame-Options", "DENY");
		headers.put("Referrer-Policy", "no-referrer");
		headers.put("Cache-Control", "no-store");
		return Collections.unmodifiableMap(headers);
	}

}

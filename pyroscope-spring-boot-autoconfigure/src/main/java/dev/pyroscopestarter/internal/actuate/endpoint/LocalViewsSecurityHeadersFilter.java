package dev.pyroscopestarter.internal.actuate.endpoint;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers a page of profiling data should carry: its own inline script and styles only (the flame graph is
 * one self-contained page), nothing loaded or sent elsewhere, no framing, no sniffing, no caching, no referrer.
 */
public class LocalViewsSecurityHeadersFilter implements Filter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
			+ "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (response instanceof HttpServletResponse http) {
			http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			http.setHeader("X-Content-Type-Options", "nosniff");
			http.setHeader("X-Frame-Options", "DENY");
			http.setHeader("Referrer-Policy", "no-referrer");
			http.setHeader("Cache-Control", "no-store");
		}
		chain.doFilter(request, response);
	}

}

package dev.pyroscopestarter.autoconfigure.tracing;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Span profiles: linking traces to profiles through Micrometer Tracing.
 */
@ConfigurationProperties("pyroscope.tracing")
public class PyroscopeTracingProperties {

	/**
	 * Whether samples taken while a span is in scope carry its span id and name, and spans get a
	 * 'pyroscope.profile.id' attribute, so that Grafana can show the profile of a span.
	 */
	private boolean enabled = true;

	/**
	 * Whether only local root spans (the first span of a trace in this process) are linked; samples of their child
	 * spans then carry the root's id. When false, every span is linked to its own samples.
	 */
	private boolean rootSpansOnly = true;

	/**
	 * URL template of the 'pyroscope.profile.url' attribute of the spans that get a 'pyroscope.profile.id': a link
	 * from a tracing UI (Jaeger, Zipkin...) to the flame graph of the span. Placeholders: {spanId}, {traceId},
	 * {applicationName}, {baseUrl}, {from}, {to} (milliseconds since the epoch), {fromSeconds}, {toSeconds}. Unset:
	 * in local mode, this application's own flame graph of the span when the 'pyroscope' endpoint is exposed over
	 * HTTP, otherwise no URL. Empty: no URL.
	 */
	private @Nullable String profileUrl;

	/**
	 * Base URL under which a browser reaches this application's actuator (scheme, host, port and any proxy
	 * prefix), for {baseUrl} and the local-mode profile URL. Default: http://localhost and the management or
	 * server port.
	 */
	private @Nullable String baseUrl;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRootSpansOnly() {
		return this.rootSpansOnly;
	}

	public void setRootSpansOnly(boolean rootSpansOnly) {
		this.rootSpansOnly = rootSpansOnly;
	}

	public @Nullable String getProfileUrl() {
		return this.profileUrl;
	}

	public void setProfileUrl(@Nullable String profileUrl) {
		this.profileUrl = profileUrl;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

}

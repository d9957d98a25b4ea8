package dev.pyroscopestarter.autoconfigure.tracing;

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

}

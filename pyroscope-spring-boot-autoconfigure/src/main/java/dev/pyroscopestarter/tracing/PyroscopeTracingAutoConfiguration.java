package dev.pyroscopestarter.tracing;

import brave.propagation.CurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.pyroscope.javaagent.PyroscopeAgent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Span profiles for Micrometer Tracing: on the OpenTelemetry bridge through a span processor and the bridge's scope
 * events, on the Brave bridge through a span handler and a scope decorator. Each bridge's tracing
 * auto-configuration collects these beans.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnClass(PyroscopeAgent.class)
@ConditionalOnBooleanProperty(name = "pyroscope.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pyroscope.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroscopeTracingProperties.class)
public final class PyroscopeTracingAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OtelTracer.class, SpanProcessor.class })
	static class OpenTelemetrySpanProfiles {

		@Bean
		OpenTelemetryLocalRoots pyroscopeLocalRootSpanProcessor(PyroscopeTracingProperties properties) {
			return new OpenTelemetryLocalRoots(properties.isRootSpansOnly());
		}

		@Bean
		EventListener pyroscopeScopeListener(OpenTelemetryLocalRoots localRoots, PyroscopeTracingProperties properties) {
			return new OpenTelemetryScopeListener(localRoots, new SpanProfileStamper(), properties.isRootSpansOnly());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ BraveTracer.class, CurrentTraceContext.class })
	static class BraveSpanProfiles {

		@Bean
		BraveLocalRoots pyroscopeLocalRootSpanHandler(PyroscopeTracingProperties properties) {
			return new BraveLocalRoots(properties.isRootSpansOnly());
		}

		@Bean
		CurrentTraceContext.ScopeDecorator pyroscopeScopeDecorator(BraveLocalRoots localRoots,
				PyroscopeTracingProperties properties) {
			return new BraveScopeDecorator(localRoots, new SpanProfileStamper(), properties.isRootSpansOnly());
		}

	}

}

package dev.pyroscopestarter.autoconfigure.tracing;

import brave.propagation.CurrentTraceContext;
import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.SpanContexts;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.tracing.BraveLocalRoots;
import dev.pyroscopestarter.internal.tracing.BraveScopeDecorator;
import dev.pyroscopestarter.internal.tracing.OpenTelemetryLocalRoots;
import dev.pyroscopestarter.internal.tracing.OpenTelemetryScopeListener;
import dev.pyroscopestarter.internal.tracing.ProfileUrlTemplate;
import dev.pyroscopestarter.internal.tracing.SpanProfileStamper;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Span profiles for Micrometer Tracing: on the OpenTelemetry bridge through a span processor and the bridge's scope
 * events, on the Brave bridge through a span handler and a scope decorator. Each bridge's tracing
 * auto-configuration collects these beans. Profiled spans get a {@code pyroscope.profile.url} when a template
 * applies ({@code pyroscope.tracing.profile-url}, or in local mode the application's own flame graph).
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
@ConditionalOnProfiling
@ConditionalOnBooleanProperty(name = "pyroscope.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroscopeTracingProperties.class)
public final class PyroscopeTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpanProfileStamper pyroscopeSpanProfileStamper() {
		return new SpanProfileStamper(new SpanContexts());
	}

	private static @Nullable ProfileUrlTemplate profileUrls(PyroscopeTracingProperties properties,
			ObjectProvider<AgentSettings> agent, Environment environment, BeanFactory beanFactory) {
		// Local mode is where the profiler keeps its windows itself: no server address and no connection details.
		boolean localMode = beanFactory.getBeanProvider(LocalProfileStore.class).getIfAvailable() != null;
		return ProfileUrls.template(properties, agent.getIfAvailable(), environment,
				EndpointPaths.pyroscope(beanFactory, PyroscopeTracingAutoConfiguration.class.getClassLoader()),
				localMode);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OtelTracer.class, SpanProcessor.class })
	static class OpenTelemetrySpanProfiles {

		@Bean
		@ConditionalOnMissingBean
		OpenTelemetryLocalRoots pyroscopeLocalRootSpanProcessor(PyroscopeTracingProperties properties,
				ObjectProvider<AgentSettings> agent, Environment environment, BeanFactory beanFactory) {
			return new OpenTelemetryLocalRoots(properties.isRootSpansOnly(),
					profileUrls(properties, agent, environment, beanFactory));
		}

		@Bean
		EventListener pyroscopeScopeListener(OpenTelemetryLocalRoots localRoots, SpanProfileStamper stamper,
				PyroscopeTracingProperties properties) {
			return new OpenTelemetryScopeListener(localRoots, stamper, properties.isRootSpansOnly());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ BraveTracer.class, CurrentTraceContext.class })
	static class BraveSpanProfiles {

		@Bean
		@ConditionalOnMissingBean
		BraveLocalRoots pyroscopeLocalRootSpanHandler(PyroscopeTracingProperties properties,
				ObjectProvider<AgentSettings> agent, Environment environment, BeanFactory beanFactory) {
			return new BraveLocalRoots(properties.isRootSpansOnly(),
					profileUrls(properties, agent, environment, beanFactory));
		}

		@Bean
		CurrentTraceContext.ScopeDecorator pyroscopeScopeDecorator(BraveLocalRoots localRoots,
				SpanProfileStamper stamper, PyroscopeTracingProperties properties) {
			return new BraveScopeDecorator(localRoots, stamper, properties.isRootSpansOnly());
		}

	}

}

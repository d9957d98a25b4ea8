package dev.pyroscopestarter.internal.tracing;

import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On Micrometer Tracing's OpenTelemetry bridge: the span's resource {@code service.name}.
 */
class OpenTelemetryServiceNameTest extends ServiceNameScenario {

	@Override
	String exportedServiceName(ConfigurableApplicationContext context) {
		return context.getBean(LastSpanResource.class).serviceName.get();
	}

	@Override
	Class<?> bridgeConfiguration() {
		return Bridge.class;
	}

	@Configuration(proxyBeanMethods = false)
	static class Bridge {

		@Bean
		LastSpanResource lastSpanResource() {
			return new LastSpanResource();
		}

	}

	/** Sees each span as it ends, with the resource the SDK exports it with. */
	static class LastSpanResource implements SpanProcessor {

		final AtomicReference<String> serviceName = new AtomicReference<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.serviceName.set(span.toSpanData().getResource().getAttribute(AttributeKey.stringKey("service.name")));
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}

package dev.pyroscopestarter.internal.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On Micrometer Tracing's OpenTelemetry bridge: the span's resource {@code service.name}.
 */
class OpenTelemetryServiceNameTest extends ServiceNameScenario {

	@Override
	String exportedServiceName(ConfigurableApplicationContext context) {
		// The resource the SDK exports the span with.
		ReadableSpan last = context.getBean(EndedSpans.class).last();
		return (last != null) ? last.toSpanData().getResource().getAttribute(AttributeKey.stringKey("service.name"))
				: null;
	}

	@Override
	Class<?> bridgeConfiguration() {
		return Bridge.class;
	}

	@Configuration(proxyBeanMethods = false)
	static class Bridge {

		@Bean
		EndedSpans endedSpans() {
			return new EndedSpans();
		}

	}

}

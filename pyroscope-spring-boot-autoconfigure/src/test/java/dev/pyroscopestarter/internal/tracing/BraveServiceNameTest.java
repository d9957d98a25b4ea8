package dev.pyroscopestarter.internal.tracing;

import java.util.concurrent.atomic.AtomicReference;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On Micrometer Tracing's Brave bridge: the span's local service name.
 */
class BraveServiceNameTest extends ServiceNameScenario {

	@Override
	String exportedServiceName(ConfigurableApplicationContext context) {
		return context.getBean(LastSpanService.class).serviceName.get();
	}

	@Override
	Class<?> bridgeConfiguration() {
		return Bridge.class;
	}

	@Override
	void bootsResourceAttributes() {
		// Brave names the service from spring.application.name alone: OpenTelemetry's attributes do not reach it.
	}

	@Configuration(proxyBeanMethods = false)
	static class Bridge {

		@Bean
		LastSpanService lastSpanService() {
			return new LastSpanService();
		}

	}

	static class LastSpanService extends SpanHandler {

		final AtomicReference<String> serviceName = new AtomicReference<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.serviceName.set(span.localServiceName());
			return true;
		}

	}

}

package dev.pyroscopestarter.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pyroscopestarter.autoconfigure.tracing.PyroscopeTracingAutoConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OpenTelemetryProfileIdAttributeTest {

	private static final AttributeKey<String> PROFILE_ID = AttributeKey.stringKey("pyroscope.profile.id");

	@Test
	void onlyLocalRootSpansGetTheProfileIdByDefault() {
		List<ReadableSpan> ended = run(true);
		ReadableSpan root = find(ended, "root");
		assertThat(root.getAttribute(PROFILE_ID)).isEqualTo(root.getSpanContext().getSpanId());
		assertThat(find(ended, "child").getAttribute(PROFILE_ID)).isNull();
	}

	@Test
	void everySpanGetsItsOwnProfileIdWhenNotLimitedToRoots() {
		List<ReadableSpan> ended = run(false);
		ReadableSpan child = find(ended, "child");
		assertThat(child.getAttribute(PROFILE_ID)).isEqualTo(child.getSpanContext().getSpanId());
	}

	@Test
	void autoConfigurationRegistersTheSpanProcessorAndScopeListener() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PyroscopeTracingAutoConfiguration.class));
		runner.run((context) -> assertThat(context).hasSingleBean(OpenTelemetryLocalRoots.class)
			.hasSingleBean(io.micrometer.tracing.otel.bridge.EventListener.class)
			.doesNotHaveBean(BraveLocalRoots.class));
		runner.withPropertyValues("pyroscope.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetryLocalRoots.class));
		runner.withPropertyValues("pyroscope.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetryLocalRoots.class));
	}

	private static List<ReadableSpan> run(boolean rootSpansOnly) {
		List<ReadableSpan> ended = new CopyOnWriteArrayList<>();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(new OpenTelemetryLocalRoots(rootSpansOnly))
			.addSpanProcessor(new SpanProcessor() {

				@Override
				public void onStart(Context parentContext, ReadWriteSpan span) {
				}

				@Override
				public boolean isStartRequired() {
					return false;
				}

				@Override
				public void onEnd(ReadableSpan span) {
					ended.add(span);
				}

				@Override
				public boolean isEndRequired() {
					return true;
				}

			})
			.build();
		Tracer tracer = provider.get("test");
		Span root = tracer.spanBuilder("root").startSpan();
		Span child = tracer.spanBuilder("child").setParent(Context.current().with(root)).startSpan();
		child.end();
		root.end();
		provider.close();
		return ended;
	}

	private static ReadableSpan find(List<ReadableSpan> spans, String name) {
		return spans.stream().filter((s) -> s.getName().equals(name)).findFirst().orElseThrow();
	}

}

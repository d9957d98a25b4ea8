package dev.pyroscopestarter.internal.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Span;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.pyroscopestarter.autoconfigure.tracing.PyroscopeTracingAutoConfiguration;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.testsupport.TestProfilers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class BraveProfileIdTagTest {

	@Test
	void onlyLocalRootSpansGetTheProfileIdByDefault() {
		List<MutableSpan> ended = new CopyOnWriteArrayList<>();
		try (Tracing tracing = Tracing.newBuilder().addSpanHandler(new BraveLocalRoots(true)).addSpanHandler(collect(ended))
			.build()) {
			Span root = tracing.tracer().newTrace().name("root").start();
			Span child = tracing.tracer().newChild(root.context()).name("child").start();
			child.finish();
			root.finish();
		}
		MutableSpan root = ended.stream().filter((s) -> "root".equals(s.name())).findFirst().orElseThrow();
		MutableSpan child = ended.stream().filter((s) -> "child".equals(s.name())).findFirst().orElseThrow();
		assertThat(root.tag("pyroscope.profile.id")).isEqualTo(root.id()).hasSize(16);
		assertThat(child.tag("pyroscope.profile.id")).isNull();
	}

	@Test
	void autoConfigurationRegistersTheSpanHandlerAndScopeDecorator() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PyroscopeTracingAutoConfiguration.class));
		runner.run((context) -> assertThat(context).hasSingleBean(BraveLocalRoots.class)
			.hasSingleBean(brave.propagation.CurrentTraceContext.ScopeDecorator.class)
			.doesNotHaveBean(OpenTelemetryLocalRoots.class));
		runner.withPropertyValues("pyroscope.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BraveLocalRoots.class));
	}

	@Test
	void aConfiguredTemplateGivesRootSpansTheirProfileUrl() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PyroscopeTracingAutoConfiguration.class))
			.withBean(AgentSettings.class, () -> TestProfilers.agentSettings("rides"))
			.withPropertyValues("pyroscope.server-address=http://pyroscope:4040",
					"pyroscope.tracing.profile-url=https://grafana.example.com/p?span={spanId}&trace={traceId}")
			.run((context) -> {
				List<MutableSpan> ended = new CopyOnWriteArrayList<>();
				try (Tracing tracing = Tracing.newBuilder()
					.traceId128Bit(false)
					.addSpanHandler(context.getBean(BraveLocalRoots.class))
					.addSpanHandler(collect(ended))
					.build()) {
					Span root = tracing.tracer().newTrace().name("root").start();
					tracing.tracer().newChild(root.context()).name("child").start().finish();
					root.finish();
				}
				MutableSpan root = ended.stream().filter((s) -> "root".equals(s.name())).findFirst().orElseThrow();
				MutableSpan child = ended.stream().filter((s) -> "child".equals(s.name())).findFirst().orElseThrow();
				// A 64-bit trace id is widened to 128 bits, as the samples carry it.
				assertThat(root.tag("pyroscope.profile.url")).isEqualTo("https://grafana.example.com/p?span="
						+ root.id() + "&trace=" + "0".repeat(16) + root.traceId());
				assertThat(child.tag("pyroscope.profile.url")).isNull();
			});
	}

	private static SpanHandler collect(List<MutableSpan> ended) {
		return new SpanHandler() {

			@Override
			public boolean end(TraceContext context, MutableSpan span, Cause cause) {
				ended.add(span);
				return true;
			}

		};
	}

}

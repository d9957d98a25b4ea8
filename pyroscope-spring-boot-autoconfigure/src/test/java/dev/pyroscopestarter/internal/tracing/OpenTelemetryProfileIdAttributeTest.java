package dev.pyroscopestarter.internal.tracing;

import java.util.List;

import dev.pyroscopestarter.autoconfigure.tracing.PyroscopeTracingAutoConfiguration;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.testsupport.TestProfilers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OpenTelemetryProfileIdAttributeTest {

	private static final AttributeKey<String> PROFILE_ID = AttributeKey.stringKey("pyroscope.profile.id");

	private static final AttributeKey<String> PROFILE_URL = AttributeKey.stringKey("pyroscope.profile.url");

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

	@Test
	void aConfiguredTemplateGivesRootSpansTheirProfileUrl() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PyroscopeTracingAutoConfiguration.class))
			.withBean(AgentSettings.class, () -> TestProfilers.agentSettings("rides"))
			.withPropertyValues("pyroscope.server-address=http://pyroscope:4040",
					"pyroscope.tracing.profile-url=https://grafana.example.com/p?app={applicationName}&span={spanId}")
			.run((context) -> {
				List<ReadableSpan> ended = run(context.getBean(OpenTelemetryLocalRoots.class));
				ReadableSpan root = find(ended, "root");
				assertThat(root.getAttribute(PROFILE_URL)).isEqualTo(
						"https://grafana.example.com/p?app=rides&span=" + root.getSpanContext().getSpanId());
				assertThat(find(ended, "child").getAttribute(PROFILE_URL)).isNull();
			});
	}

	@Test
	void noProfileUrlWhenUploadingWithoutATemplate() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PyroscopeTracingAutoConfiguration.class))
			.withBean(AgentSettings.class, () -> TestProfilers.agentSettings("rides"))
			.withPropertyValues("pyroscope.server-address=http://pyroscope:4040")
			.run((context) -> assertThat(find(run(context.getBean(OpenTelemetryLocalRoots.class)), "root")
				.getAttribute(PROFILE_URL)).isNull());
	}

	@Test
	void aTemplateWithCredentialsFailsStartupWithoutShowingThem() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PyroscopeTracingAutoConfiguration.class))
			.withBean(AgentSettings.class, () -> TestProfilers.agentSettings("rides"))
			.withPropertyValues("pyroscope.tracing.profile-url=https://admin:s3cret@grafana.example.com/p?s={spanId}")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidPyroscopeConfigurationException.class)
					.hasMessageContaining("pyroscope.tracing.profile-url")
					.hasMessageNotContaining("s3cret");
			});
	}

	private static List<ReadableSpan> run(boolean rootSpansOnly) {
		return run(new OpenTelemetryLocalRoots(rootSpansOnly));
	}

	private static List<ReadableSpan> run(OpenTelemetryLocalRoots localRoots) {
		EndedSpans ended = new EndedSpans();
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(localRoots)
			.addSpanProcessor(ended)
			.build();
		Tracer tracer = provider.get("test");
		Span root = tracer.spanBuilder("root").startSpan();
		Span child = tracer.spanBuilder("child").setParent(Context.current().with(root)).startSpan();
		child.end();
		root.end();
		provider.close();
		return ended.spans();
	}

	private static ReadableSpan find(List<ReadableSpan> spans, String name) {
		return spans.stream().filter((s) -> s.getName().equals(name)).findFirst().orElseThrow();
	}

}

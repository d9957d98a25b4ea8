package dev.pyroscopestarter.internal.tracing;

/**
 * Span profiles on Micrometer Tracing's OpenTelemetry bridge.
 */
class OpenTelemetrySpanProfilesTest extends SpanProfilesScenario {

	@Override
	String bridge() {
		return "otel";
	}

}

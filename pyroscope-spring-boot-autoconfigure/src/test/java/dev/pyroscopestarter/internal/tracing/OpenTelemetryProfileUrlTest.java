package dev.pyroscopestarter.internal.tracing;

/**
 * From a span to its local flame graph, on Micrometer Tracing's OpenTelemetry bridge.
 */
class OpenTelemetryProfileUrlTest extends SpanProfileUrlScenario {

	@Override
	String bridge() {
		return "otel";
	}

}

package dev.pyroscopestarter.internal.tracing;

/**
 * From a span to its local flame graph, on Micrometer Tracing's Brave bridge.
 */
class BraveProfileUrlTest extends SpanProfileUrlScenario {

	@Override
	String bridge() {
		return "brave";
	}

}

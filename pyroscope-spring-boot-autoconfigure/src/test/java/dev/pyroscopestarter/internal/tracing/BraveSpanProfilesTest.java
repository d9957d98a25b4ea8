package dev.pyroscopestarter.internal.tracing;

/**
 * Span profiles on Micrometer Tracing's Brave bridge.
 */
class BraveSpanProfilesTest extends SpanProfilesScenario {

	@Override
	String bridge() {
		return "brave";
	}

}

package dev.pyroscopestarter.internal.labels.reactor;

/**
 * The same, with Reactor's automatic context propagation turned on by the application: the labels' accessor and
 * the starter's operator and schedule hook together keep the labels exact.
 */
class ReactiveLabelsWithAutomaticPropagationTest extends ReactiveLabelsTest {

	@Override
	boolean automaticContextPropagation() {
		return true;
	}

}

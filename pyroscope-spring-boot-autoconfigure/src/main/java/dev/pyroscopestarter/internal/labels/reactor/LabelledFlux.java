package dev.pyroscopestarter.internal.labels.reactor;

import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

/** A {@code Flux} whose subscriptions run with labels ({@link ReactiveLabels}). */
final class LabelledFlux<T> extends FluxOperator<T, T> {

	private final LabelStack stack;

	private final Merge merge;

	LabelledFlux(Flux<? extends T> source, LabelStack stack, UnaryOperator<LabelSet> merge) {
		super(source);
		this.stack = stack;
		this.merge = new Merge(merge);
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.merge.subscribe(this.source, actual, this.stack);
	}

}

package dev.pyroscopestarter.internal.labels.reactor;

import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/** A {@code Mono} whose subscriptions run with labels ({@link ReactiveLabels}). */
final class LabelledMono<T> extends MonoOperator<T, T> {

	private final LabelStack stack;

	private final Merge merge;

	LabelledMono(Mono<? extends T> source, LabelStack stack, UnaryOperator<LabelSet> merge) {
		super(source);
		this.stack = stack;
		this.merge = new Merge(merge);
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.merge.subscribe(this.source, actual, this.stack);
	}

}

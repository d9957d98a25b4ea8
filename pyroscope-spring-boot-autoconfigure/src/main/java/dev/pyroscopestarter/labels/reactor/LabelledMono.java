package dev.pyroscopestarter.labels.reactor;

import java.util.function.UnaryOperator;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.support.LabelStack;
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
		LabelSet outer = Merge.outer(actual, this.stack);
		LabelledSubscriber<T> labelled = new LabelledSubscriber<>(actual, this.stack, this.merge.apply(outer), outer);
		try (LabelScope scope = labelled.enter()) {
			this.source.subscribe(labelled);
		}
	}

}

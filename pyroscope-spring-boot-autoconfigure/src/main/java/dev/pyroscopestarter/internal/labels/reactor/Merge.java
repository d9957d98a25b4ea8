package dev.pyroscopestarter.internal.labels.reactor;

import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.labels.support.ContextLabels;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.LabelScope;
import org.jspecify.annotations.Nullable;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;

/**
 * How a labelled publisher makes its labels of the outer ones, remembering the last result: the same outer labels
 * give the same set, whose agent context is then registered once rather than per subscription.
 */
final class Merge {

	private final UnaryOperator<LabelSet> merge;

	private volatile @Nullable Last last;

	Merge(UnaryOperator<LabelSet> merge) {
		this.merge = merge;
	}

	LabelSet apply(LabelSet outer) {
		Last last = this.last;
		if (last != null && last.outer == outer) {
			return last.inner;
		}
		LabelSet inner = this.merge.apply(outer);
		this.last = new Last(outer, inner);
		return inner;
	}

	/** Subscribes {@code actual} to {@code source}, the subscription running with the labels made of its own. */
	<T> void subscribe(CorePublisher<? extends T> source, CoreSubscriber<? super T> actual, LabelStack stack) {
		LabelSet outer = outer(actual, stack);
		LabelledSubscriber<T> labelled = new LabelledSubscriber<>(actual, stack, apply(outer), outer);
		try (LabelScope scope = labelled.enter()) {
			source.subscribe(labelled);
		}
	}

	/**
	 * The labels a subscriber runs with: those of its Reactor context (a request's) rather than those of the
	 * subscribing thread, which may be one that runs many chains.
	 */
	static LabelSet outer(CoreSubscriber<?> subscriber, LabelStack stack) {
		Object carried = subscriber.currentContext().getOrDefault(ContextLabels.KEY, null);
		return (carried != null) ? ContextLabels.of(carried) : stack.current();
	}

	private record Last(LabelSet outer, LabelSet inner) {
	}

}

package dev.pyroscopestarter.internal.labels.reactor;

import dev.pyroscopestarter.internal.labels.support.ContextLabels;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.LabelScope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.util.context.Context;

/**
 * The boundary of a labelled part of a Reactor chain. Signals going up (subscribe, {@code request},
 * {@code cancel}) run the labelled part's work, so they run with its labels; signals coming down
 * ({@code onNext}, {@code onError}, {@code onComplete}) run the work below it, so they run with the labels of the
 * subscriber below. {@code onSubscribe} passes as it comes: it is part of subscribing. Each switch happens only
 * when the thread's labels are not those already, and is undone when the signal returns. Work the labelled part
 * hands to a Reactor scheduler takes its labels along through {@link LabelsScheduleHook}; the part's labels are also
 * in its Reactor {@code Context}, for nested labels subscribed on threads that carry none and for Reactor's
 * automatic context propagation when the application turns it on.
 *
 * @param <T> the type of the elements
 */
final class LabelledSubscriber<T> implements CoreSubscriber<T>, Subscription, Scannable {

	private final CoreSubscriber<? super T> actual;

	private final LabelStack stack;

	/** The labelled part's labels. */
	private final LabelSet inner;

	/** The labels of the subscriber below. */
	private final LabelSet outer;

	private final Context context;

	private @Nullable Subscription upstream;

	/**
	 * @param actual the subscriber below
	 * @param stack the thread's labels
	 * @param inner the labelled part's labels
	 * @param outer the labels of the subscriber below
	 */
	LabelledSubscriber(CoreSubscriber<? super T> actual, LabelStack stack, LabelSet inner, LabelSet outer) {
		this.actual = actual;
		this.stack = stack;
		this.inner = inner;
		this.outer = outer;
		this.context = actual.currentContext().put(ContextLabels.KEY, inner);
	}

	/** Opens the labelled part's labels on this thread, to subscribe (or assemble) it; closing restores. */
	LabelScope enter() {
		return this.stack.enterExactly(this.inner);
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		// Part of subscribing: the subscriber below takes the subscription and, most often, requests at once,
		// which is the labelled part's work. Switching both ways here would cost two native calls for nothing.
		this.upstream = subscription;
		this.actual.onSubscribe(this);
	}

	@Override
	public void onNext(T value) {
		if (this.stack.current() == this.outer) {
			this.actual.onNext(value);
			return;
		}
		try (LabelScope scope = this.stack.enterExactly(this.outer)) {
			this.actual.onNext(value);
		}
	}

	@Override
	public void onError(Throwable error) {
		if (this.stack.current() == this.outer) {
			this.actual.onError(error);
			return;
		}
		try (LabelScope scope = this.stack.enterExactly(this.outer)) {
			this.actual.onError(error);
		}
	}

	@Override
	public void onComplete() {
		if (this.stack.current() == this.outer) {
			this.actual.onComplete();
			return;
		}
		try (LabelScope scope = this.stack.enterExactly(this.outer)) {
			this.actual.onComplete();
		}
	}

	@Override
	public void request(long n) {
		Subscription upstream = upstream();
		if (this.stack.current() == this.inner) {
			upstream.request(n);
			return;
		}
		try (LabelScope scope = this.stack.enterExactly(this.inner)) {
			upstream.request(n);
		}
	}

	@Override
	public void cancel() {
		Subscription upstream = upstream();
		if (this.stack.current() == this.inner) {
			upstream.cancel();
			return;
		}
		try (LabelScope scope = this.stack.enterExactly(this.inner)) {
			upstream.cancel();
		}
	}

	private Subscription upstream() {
		Subscription upstream = this.upstream;
		if (upstream == null) {
			throw new IllegalStateException("request or cancel before onSubscribe");
		}
		return upstream;
	}

	@Override
	public @Nullable Object scanUnsafe(Attr key) {
		if (key == Attr.PARENT) {
			return this.upstream;
		}
		if (key == Attr.ACTUAL) {
			return this.actual;
		}
		if (key == Attr.RUN_STYLE) {
			return Attr.RunStyle.SYNC;
		}
		return null;
	}

}

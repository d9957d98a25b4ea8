package dev.pyroscopestarter.internal.labels.web.reactive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.labels.support.ContextLabels;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.PendingLabels;
import dev.pyroscopestarter.labels.LabelScope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;

/**
 * Labels a WebFlux request from its handler on, as the MVC interceptor does: the route, method and header labels
 * are applied together where the handler is invoked, and held while the handler runs and its result is subscribed
 * and handled on that thread; work they hand to Reactor's schedulers takes them along (the starter's schedule
 * hook). {@code WebFilter}s run before the handler is found, so they run unlabelled, like servlet filters on MVC.
 * First of the handler adapters, it hands each handler to the adapter that would have handled it (never itself an
 * exception handler, so the dispatcher's error handling is unchanged).
 */
public final class RouteLabelsHandlerAdapter implements HandlerAdapter, Ordered {

	private final ReactiveRouteLabels labels;

	private final Supplier<? extends Iterable<HandlerAdapter>> adapters;

	private volatile @Nullable List<HandlerAdapter> delegates;

	/**
	 * @param adapters the application's handler adapters (this one among them is skipped), looked up on first use
	 */
	public RouteLabelsHandlerAdapter(ReactiveRouteLabels labels, Supplier<? extends Iterable<HandlerAdapter>> adapters) {
		this.labels = labels;
		this.adapters = adapters;
	}

	@Override
	public boolean supports(Object handler) {
		return delegate(handler) != null;
	}

	@Override
	public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
		HandlerAdapter delegate = delegate(handler);
		if (delegate == null) {
			return Mono.error(new IllegalStateException("No HandlerAdapter for " + handler));
		}
		return new LabelledHandling(delegate, exchange, handler, this.labels);
	}

	private @Nullable HandlerAdapter delegate(Object handler) {
		for (HandlerAdapter adapter : delegates()) {
			if (adapter.supports(handler)) {
				return adapter;
			}
		}
		return null;
	}

	private List<HandlerAdapter> delegates() {
		List<HandlerAdapter> delegates = this.delegates;
		if (delegates == null) {
			delegates = new ArrayList<>();
			for (HandlerAdapter adapter : this.adapters.get()) {
				if (adapter != this) {
					delegates.add(adapter);
				}
			}
			AnnotationAwareOrderComparator.sort(delegates);
			this.delegates = delegates;
		}
		return delegates;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Invokes the handler and subscribes its result with the request's labels on, in one scope: functional handlers
	 * run when handed the request, annotated ones when their result is subscribed. The labels are made when the
	 * result is subscribed, onto those of the subscribing thread (none on an event loop, unless an application's
	 * filter labelled the request).
	 * <p>
	 * It is also the subscriber of the handler's result, one object per request rather than two: the dispatcher
	 * subscribes it once; a further subscription gets a copy of its own. Handling the result (rendering, writing the
	 * response) is the request's work: a result or error arriving on another thread (a non-blocking call completed
	 * on an event loop) is handled with the request's labels. The labels are in the request's Reactor
	 * {@code Context} for nested labels subscribed on a thread that carries none; that context is made only when
	 * asked for, so a request whose chain never asks allocates none. The subscription passes through as it is:
	 * {@code request} and {@code cancel} run on the thread that calls them.
	 */
	private static final class LabelledHandling extends Mono<HandlerResult>
			implements CoreSubscriber<HandlerResult>, Scannable, UnaryOperator<LabelSet> {

		private static final VarHandle ACTUAL;

		static {
			try {
				ACTUAL = MethodHandles.lookup()
					.findVarHandle(LabelledHandling.class, "actual", CoreSubscriber.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final HandlerAdapter delegate;

		private final ServerWebExchange exchange;

		private final Object handler;

		private final ReactiveRouteLabels routeLabels;

		// Set once, by the subscription that wins it; the labels and context are written before any signal.
		private @Nullable CoreSubscriber<? super HandlerResult> actual;

		private LabelSet labels = LabelSet.EMPTY;

		// Made on first use; racing threads make equal contexts (a Context is immutable).
		private @Nullable Context context;

		LabelledHandling(HandlerAdapter delegate, ServerWebExchange exchange, Object handler,
				ReactiveRouteLabels routeLabels) {
			this.delegate = delegate;
			this.exchange = exchange;
			this.handler = handler;
			this.routeLabels = routeLabels;
		}

		@Override
		public void subscribe(CoreSubscriber<? super HandlerResult> actual) {
			if (!ACTUAL.compareAndSet(this, null, actual)) {
				new LabelledHandling(this.delegate, this.exchange, this.handler, this.routeLabels).subscribe(actual);
				return;
			}
			// Made of the thread's labels and entered at one look-up of the thread's stack (apply, below).
			try (LabelScope scope = this.routeLabels.stack().enterMerged(this)) {
				Mono<HandlerResult> result;
				try {
					result = this.delegate.handle(this.exchange, this.handler);
				}
				catch (Throwable ex) {
					Operators.error(this, Operators.onOperatorError(ex, actual.currentContext()));
					return;
				}
				result.subscribe(this);
			}
		}

		/**
		 * The request's labels, made of those of the subscribing thread. With Reactor's automatic context
		 * propagation they also go to the request's {@link PendingLabels}, for the parts of its chain that run
		 * downstream of this adapter (the response body subscribed by the server).
		 */
		@Override
		public LabelSet apply(LabelSet outer) {
			LabelSet labels = this.routeLabels.labels(this.exchange, outer);
			this.labels = labels;
			if (Hooks.isAutomaticContextPropagationEnabled()
					&& actual().currentContext().getOrDefault(ContextLabels.KEY, null) instanceof PendingLabels pending) {
				pending.set(labels);
			}
			return labels;
		}

		private CoreSubscriber<? super HandlerResult> actual() {
			CoreSubscriber<? super HandlerResult> actual = this.actual;
			if (actual == null) {
				throw new IllegalStateException("signal before subscribe");
			}
			return actual;
		}

		@Override
		public Context currentContext() {
			Context context = this.context;
			if (context == null) {
				context = actual().currentContext().put(ContextLabels.KEY, this.labels);
				this.context = context;
			}
			return context;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			actual().onSubscribe(subscription);
		}

		@Override
		public void onNext(HandlerResult result) {
			LabelStack stack = this.routeLabels.stack();
			if (stack.current() == this.labels) {
				actual().onNext(result);
				return;
			}
			try (LabelScope scope = stack.enterExactly(this.labels)) {
				actual().onNext(result);
			}
		}

		@Override
		public void onError(Throwable error) {
			LabelStack stack = this.routeLabels.stack();
			if (stack.current() == this.labels) {
				actual().onError(error);
				return;
			}
			try (LabelScope scope = stack.enterExactly(this.labels)) {
				actual().onError(error);
			}
		}

		@Override
		public void onComplete() {
			// After the result, or with none: what is left is the dispatcher's completion, not this request's work.
			actual().onComplete();
		}

		@Override
		public @Nullable Object scanUnsafe(Attr key) {
			if (key == Attr.ACTUAL) {
				return this.actual;
			}
			if (key == Attr.RUN_STYLE) {
				return Attr.RunStyle.SYNC;
			}
			return null;
		}

	}

}

package dev.pyroscopestarter.internal.tracing;

import brave.handler.MutableSpan;
import brave.propagation.CurrentTraceContext.Scope;
import brave.propagation.CurrentTraceContext.ScopeDecorator;
import brave.propagation.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * Follows Brave's per-thread scopes: opening a scope stamps the thread's samples with the span's local root (or the
 * span itself), closing it restores what the thread carried before.
 */
public final class BraveScopeDecorator implements ScopeDecorator {

	private final BraveLocalRoots localRoots;

	private final SpanProfileStamper stamper;

	private final boolean rootSpansOnly;

	private final ThreadLocal<TraceContext> stamped = new ThreadLocal<>();

	public BraveScopeDecorator(BraveLocalRoots localRoots, SpanProfileStamper stamper, boolean rootSpansOnly) {
		this.localRoots = localRoots;
		this.stamper = stamper;
		this.rootSpansOnly = rootSpansOnly;
	}

	@Override
	public Scope decorateScope(@Nullable TraceContext context, Scope scope) {
		TraceContext previous = this.stamped.get();
		apply(context);
		return new Scope() {

			@Override
			public void close() {
				scope.close();
				apply(previous);
			}

		};
	}

	private void apply(@Nullable TraceContext context) {
		long spanId = (context == null) ? 0 : (this.rootSpansOnly ? context.localRootId() : context.spanId());
		MutableSpan span = (spanId != 0) ? this.localRoots.profiledSpan(spanId) : null;
		if (context == null || span == null) {
			this.stamped.remove();
			this.stamper.clear();
			return;
		}
		this.stamped.set(context);
		this.stamper.stamp(spanId, span.name(), context.traceIdString());
	}

}

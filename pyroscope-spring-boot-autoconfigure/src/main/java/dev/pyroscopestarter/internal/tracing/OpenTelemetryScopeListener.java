package dev.pyroscopestarter.internal.tracing;

import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeAttachedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeClosedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeRestoredEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.ReadableSpan;
import org.jspecify.annotations.Nullable;

/**
 * Follows the OpenTelemetry bridge's per-thread scope changes: a span attached or restored on a thread stamps that
 * thread's samples, a closed scope clears them.
 */
public final class OpenTelemetryScopeListener implements EventListener {

	private final OpenTelemetryLocalRoots localRoots;

	private final SpanProfileStamper stamper;

	private final boolean rootSpansOnly;

	public OpenTelemetryScopeListener(OpenTelemetryLocalRoots localRoots, SpanProfileStamper stamper, boolean rootSpansOnly) {
		this.localRoots = localRoots;
		this.stamper = stamper;
		this.rootSpansOnly = rootSpansOnly;
	}

	@Override
	public void onEvent(Object event) {
		if (event instanceof ScopeAttachedEvent attached) {
			stampWith(attached.getSpan());
		}
		else if (event instanceof ScopeRestoredEvent restored) {
			stampWith(restored.getSpan());
		}
		else if (event instanceof ScopeClosedEvent) {
			this.stamper.clear();
		}
	}

	private void stampWith(@Nullable Span span) {
		SpanContext context = (span != null) ? span.getSpanContext() : SpanContext.getInvalid();
		if (!context.isValid()) {
			this.stamper.clear();
			return;
		}
		ReadableSpan profiled = this.localRoots.profiledSpanOf(context.getSpanId());
		if (profiled == null) {
			// Not started through this SDK, or not sampled: nothing to link the profile to.
			this.stamper.clear();
			return;
		}
		String spanId = this.rootSpansOnly ? profiled.getSpanContext().getSpanId() : context.getSpanId();
		this.stamper.stamp(SpanProfileStamper.parseSpanId(spanId), profiled.getName(), context.getTraceId());
	}

}

package dev.pyroscopestarter.tracing;

import java.util.concurrent.ConcurrentHashMap;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

/**
 * Remembers the spans in flight whose profile can be shown (local roots, or every span) so that scopes can stamp
 * their name, and marks them with {@code pyroscope.profile.id}.
 */
public final class BraveLocalRoots extends SpanHandler {

	private static final int MAX_SPANS_IN_FLIGHT = 100_000;

	private final boolean rootSpansOnly;

	private final ConcurrentHashMap<Long, MutableSpan> profiledSpans = new ConcurrentHashMap<>();

	public BraveLocalRoots(boolean rootSpansOnly) {
		this.rootSpansOnly = rootSpansOnly;
	}

	@Override
	public boolean begin(TraceContext context, MutableSpan span, TraceContext parent) {
		if (context.isLocalRoot() || !this.rootSpansOnly) {
			if (this.profiledSpans.size() < MAX_SPANS_IN_FLIGHT) {
				this.profiledSpans.put(context.spanId(), span);
			}
			span.tag(OpenTelemetryLocalRoots.PROFILE_ID_ATTRIBUTE, context.spanIdString());
		}
		return true;
	}

	@Override
	public boolean end(TraceContext context, MutableSpan span, Cause cause) {
		this.profiledSpans.remove(context.spanId());
		return true;
	}

	/**
	 * The span remembered here under that id, or null when it is not profiled. Its name is read from it late,
	 * because instrumentation may name a span after it began.
	 */
	MutableSpan profiledSpan(long spanId) {
		return this.profiledSpans.get(spanId);
	}

}

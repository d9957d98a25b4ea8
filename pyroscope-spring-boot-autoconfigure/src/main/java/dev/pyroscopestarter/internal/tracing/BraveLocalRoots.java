package dev.pyroscopestarter.internal.tracing;

import java.util.concurrent.ConcurrentHashMap;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the spans in flight whose profile can be shown (local roots, or every span) so that scopes can stamp
 * their name, and marks them with {@code pyroscope.profile.id}, and with {@code pyroscope.profile.url} when a
 * {@link ProfileUrlTemplate} applies.
 */
public final class BraveLocalRoots extends SpanHandler {

	private static final int MAX_SPANS_IN_FLIGHT = 100_000;

	private final boolean rootSpansOnly;

	private final @Nullable ProfileUrlTemplate profileUrls;

	private final ConcurrentHashMap<Long, MutableSpan> profiledSpans = new ConcurrentHashMap<>();

	public BraveLocalRoots(boolean rootSpansOnly) {
		this(rootSpansOnly, null);
	}

	/**
	 * @param rootSpansOnly whether only local roots are marked
	 * @param profileUrls builds the {@code pyroscope.profile.url} of the spans marked, or null for none
	 */
	public BraveLocalRoots(boolean rootSpansOnly, @Nullable ProfileUrlTemplate profileUrls) {
		this.rootSpansOnly = rootSpansOnly;
		this.profileUrls = profileUrls;
	}

	@Override
	public boolean begin(TraceContext context, MutableSpan span, @Nullable TraceContext parent) {
		if (context.isLocalRoot() || !this.rootSpansOnly) {
			if (this.profiledSpans.size() < MAX_SPANS_IN_FLIGHT) {
				this.profiledSpans.put(context.spanId(), span);
			}
			String spanId = context.spanIdString();
			span.tag(OpenTelemetryLocalRoots.PROFILE_ID_ATTRIBUTE, spanId);
			if (this.profileUrls != null) {
				span.tag(ProfileUrlTemplate.PROFILE_URL_ATTRIBUTE,
						this.profileUrls.expand(spanId, traceId128(context), System.currentTimeMillis()));
			}
		}
		return true;
	}

	// Samples carry 128-bit trace ids: a 64-bit one is widened the same way.
	private static String traceId128(TraceContext context) {
		String traceId = context.traceIdString();
		return (traceId.length() == 32) ? traceId : "0".repeat(32 - traceId.length()) + traceId;
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
	@Nullable MutableSpan profiledSpan(long spanId) {
		return this.profiledSpans.get(spanId);
	}

}

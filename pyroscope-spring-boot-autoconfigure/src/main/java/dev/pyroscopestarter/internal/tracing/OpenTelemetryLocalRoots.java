package dev.pyroscopestarter.internal.tracing;

import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Knows, for every span in flight, its local root (the first span of the trace in this process), which OpenTelemetry
 * does not record; and marks the spans whose profile can be shown with {@code pyroscope.profile.id}, and with
 * {@code pyroscope.profile.url} when a {@link ProfileUrlTemplate} applies.
 */
public final class OpenTelemetryLocalRoots implements SpanProcessor {

	public static final String PROFILE_ID_ATTRIBUTE = "pyroscope.profile.id";

	/** Spans that never end would otherwise grow the map without bound. */
	private static final int MAX_SPANS_IN_FLIGHT = 100_000;

	private final boolean rootSpansOnly;

	private final @Nullable ProfileUrlTemplate profileUrls;

	private final ConcurrentHashMap<String, Tracked> spans = new ConcurrentHashMap<>();

	public OpenTelemetryLocalRoots(boolean rootSpansOnly) {
		this(rootSpansOnly, null);
	}

	/**
	 * @param rootSpansOnly whether only local roots are marked
	 * @param profileUrls builds the {@code pyroscope.profile.url} of the spans marked, or null for none
	 */
	public OpenTelemetryLocalRoots(boolean rootSpansOnly, @Nullable ProfileUrlTemplate profileUrls) {
		this.rootSpansOnly = rootSpansOnly;
		this.profileUrls = profileUrls;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		SpanContext parent = span.getParentSpanContext();
		boolean localRoot = !parent.isValid() || parent.isRemote();
		Tracked parentSpan = localRoot ? null : this.spans.get(parent.getSpanId());
		ReadableSpan root = (parentSpan != null) ? parentSpan.root() : span;
		if (this.spans.size() < MAX_SPANS_IN_FLIGHT) {
			this.spans.put(span.getSpanContext().getSpanId(), new Tracked(span, root));
		}
		if (localRoot || !this.rootSpansOnly) {
			SpanContext context = span.getSpanContext();
			span.setAttribute(PROFILE_ID_ATTRIBUTE, context.getSpanId());
			if (this.profileUrls != null) {
				span.setAttribute(ProfileUrlTemplate.PROFILE_URL_ATTRIBUTE,
						this.profileUrls.expand(context.getSpanId(), context.getTraceId(), System.currentTimeMillis()));
			}
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.spans.remove(span.getSpanContext().getSpanId());
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode shutdown() {
		this.spans.clear();
		return CompletableResultCode.ofSuccess();
	}

	/** The span whose id and name the samples of {@code spanId} carry, or null for an unknown span. */
	@Nullable ReadableSpan profiledSpanOf(String spanId) {
		Tracked tracked = this.spans.get(spanId);
		if (tracked == null) {
			return null;
		}
		return this.rootSpansOnly ? tracked.root() : tracked.span();
	}

	private record Tracked(ReadableSpan span, ReadableSpan root) {
	}

}

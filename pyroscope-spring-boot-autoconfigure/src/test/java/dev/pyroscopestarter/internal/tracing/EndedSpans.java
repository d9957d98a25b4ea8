package dev.pyroscopestarter.internal.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Keeps each span as it ends, as the OpenTelemetry SDK would export it: what the tests look at after a trace.
 */
class EndedSpans implements SpanProcessor {

	private final List<ReadableSpan> spans = new CopyOnWriteArrayList<>();

	/** The spans ended so far, in the order they ended. */
	List<ReadableSpan> spans() {
		return this.spans;
	}

	/** The span that ended last, or null when none has. */
	@Nullable ReadableSpan last() {
		return this.spans.isEmpty() ? null : this.spans.get(this.spans.size() - 1);
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.spans.add(span);
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

}

package dev.pyroscopestarter.internal.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanReporter;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A traced web application for the span profile tests: each request burns CPU in a method named after where it
 * runs, and answers with its root span's id. The spans the bridge exports are kept for the tests to read.
 */
@SpringBootApplication
@RestController
class TracedApplication {

	private final Tracer tracer;

	private final ExecutorService worker = Executors.newSingleThreadExecutor();

	TracedApplication(Tracer tracer) {
		this.tracer = tracer;
	}

	@Bean
	static ReportedSpans reportedSpans() {
		return new ReportedSpans();
	}

	@GetMapping("/traced")
	String traced() throws Exception {
		Span root = this.tracer.currentSpan();
		SpanWork.inRootSpan(100);
		// Blocking inside the span: a virtual thread unmounts here and may resume on another carrier.
		Thread.sleep(5);
		SpanWork.inRootSpan(100);
		Span child = this.tracer.nextSpan().name("child-work").start();
		this.worker.submit(() -> {
			try (Tracer.SpanInScope scope = this.tracer.withSpan(child)) {
				SpanWork.inChildSpan(200);
			}
			finally {
				child.end();
			}
			SpanWork.afterChildScope(100);
		}).get();
		return root.context().spanId();
	}

	@GetMapping("/profiled")
	String profiled(@RequestParam(defaultValue = "3000") long cpuMillis) {
		SpanWork.inProfiledRequest(cpuMillis);
		return this.tracer.currentSpan().context().spanId();
	}

	@GetMapping("/waiting")
	String waiting() throws InterruptedException {
		SpanWork.waitingForIo(300);
		return this.tracer.currentSpan().context().spanId();
	}

	@GetMapping("/other")
	String other() {
		SpanWork.inOtherRequest(800);
		return this.tracer.currentSpan().context().spanId();
	}

	/** The spans exported, as the tracing backend receives them. */
	static final class ReportedSpans implements SpanReporter {

		private final List<FinishedSpan> spans = new CopyOnWriteArrayList<>();

		@Override
		public void report(FinishedSpan span) {
			this.spans.add(span);
		}

		@Override
		public void close() {
		}

		FinishedSpan withId(String spanId) {
			return this.spans.stream().filter((span) -> span.getSpanId().equals(spanId)).findFirst().orElse(null);
		}

		List<FinishedSpan> all() {
			return this.spans;
		}

	}

}

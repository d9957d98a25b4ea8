package dev.pyroscopestarter.internal.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.ServerProfiles;
import dev.pyroscopestarter.testsupport.Uploads;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traced requests against a real web application with the real profiler; the uploaded JFR is decoded and every
 * sample of the request's work is checked for the request's root span id. Run once per tracing bridge, each with
 * only that bridge on the classpath. Each piece of work is repeated until the uploads hold enough of its samples
 * (work counted, not timed): a busy machine makes the test slower, not failing.
 */
abstract class SpanProfilesScenario {

	/** Traced requests per round; rounds go on until their work has enough samples. */
	private static final int REQUESTS = 4;

	/** How long the work may take to yield the samples needed; an idle machine needs a few seconds. */
	private static final Duration DEADLINE = Duration.ofMinutes(3);

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void samplesOfATracedRequestCarryItsRootSpanAndNothingAfterwards() throws Exception {
		run(false);
	}

	/**
	 * The same on virtual threads, with nothing but {@code spring.threads.virtual.enabled=true}: each request blocks
	 * inside its root span (and may resume on another carrier) while untraced virtual threads burn CPU on the same
	 * carriers; neither may show the other's span.
	 */
	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsSpansFollowTheirThreads() throws Exception {
		run(true);
	}

	private void run(boolean virtualThreads) throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		List<Long> rootSpanIds = new CopyOnWriteArrayList<>();
		Uploads uploads = new Uploads(pyroscope);
		long[] namedRootSpanId = new long[1];
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TracedApplication.class).run(
				"--server.port=0", "--pyroscope.server-address=" + pyroscope.baseUrl(),
				"--pyroscope.upload-interval=1s", "--management.tracing.sampling.probability=1.0",
				"--spring.main.banner-mode=off", "--spring.threads.virtual.enabled=" + virtualThreads);
		AtomicBoolean burning = new AtomicBoolean(virtualThreads);
		CompletableFuture<Void> untraced = CompletableFuture.completedFuture(null);
		if (virtualThreads) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor();
			executor.setVirtualThreads(true);
			untraced = CompletableFuture.allOf(executor.submitCompletable(() -> burnUntraced(burning)),
					executor.submitCompletable(() -> burnUntraced(burning)));
		}
		try {
			assertThat(context.getBean(Tracer.class).getClass().getName()).contains(bridge());
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newHttpClient();
			// Twice the requests a round on virtual threads: the untraced ones share the cores with them.
			await("samples of the traced requests' work").atMost(DEADLINE)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> {
					for (int i = 0; i < (virtualThreads ? 2 * REQUESTS : REQUESTS); i++) {
						HttpResponse<String> response = client.send(
								HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/traced")).build(),
								HttpResponse.BodyHandlers.ofString());
						assertThat(response.statusCode()).isEqualTo(200);
						rootSpanIds.add(Long.parseUnsignedLong(response.body(), 16));
					}
					List<IngestedProfile> sofar = uploads.get();
					return samples(sofar, "inRootSpan").size() > 30 && samples(sofar, "inChildSpan").size() > 30
							&& samples(sofar, "afterChildScope").size() > 10
							// On virtual threads, the untraced ones are the work outside any trace.
							&& (!virtualThreads || samples(sofar, "outsideAnyTrace").size() > 5);
				});
			// The untraced virtual threads overlapped the traced requests; the rest runs on this thread alone.
			burning.set(false);
			untraced.get(30, TimeUnit.SECONDS);
			Tracer tracer = context.getBean(Tracer.class);
			Span job = tracer.nextSpan().name("nightly-report").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(job)) {
				burnUntilSampled(uploads, "inNamedRootSpan", () -> SpanWork.inNamedRootSpan(100));
			}
			finally {
				job.end();
			}
			namedRootSpanId[0] = Long.parseUnsignedLong(job.context().spanId(), 16);
			if (!virtualThreads) {
				burnUntilSampled(uploads, "outsideAnyTrace", () -> SpanWork.outsideAnyTrace(100));
			}
		}
		finally {
			burning.set(false);
			untraced.get(30, TimeUnit.SECONDS);
			context.close();
		}

		List<IngestedProfile> all = uploads.get();
		List<Sample> inRoot = samples(all, "inRootSpan");
		List<Sample> inChild = samples(all, "inChildSpan");
		List<Sample> afterChild = samples(all, "afterChildScope");
		List<Sample> outside = samples(all, "outsideAnyTrace");
		List<Sample> inNamedRoot = samples(all, "inNamedRootSpan");
		// What the work went on until.
		assertThat(inRoot).hasSizeGreaterThan(30);
		assertThat(inChild).hasSizeGreaterThan(30);
		assertThat(afterChild).hasSizeGreaterThan(10);
		assertThat(outside).hasSizeGreaterThan(5);
		assertThat(inNamedRoot).hasSizeGreaterThan(5);

		assertThat(share(inRoot, (s) -> rootSpanIds.contains(s.spanId()))).as("root span's work").isGreaterThanOrEqualTo(0.99);
		assertThat(share(inChild, (s) -> rootSpanIds.contains(s.spanId()))).as("child span's work, other thread")
			.isGreaterThanOrEqualTo(0.99);
		assertThat(share(afterChild, (s) -> s.spanId() == 0)).as("same thread after the scope closed")
			.isGreaterThanOrEqualTo(0.99);
		assertThat(share(outside, (s) -> s.spanId() == 0)).as("never traced").isEqualTo(1.0);
		assertThat(share(inNamedRoot, (s) -> s.spanId() == namedRootSpanId[0] && "nightly-report".equals(s.spanName())))
			.as("a root span named when it starts carries its name").isGreaterThanOrEqualTo(0.99);
		// Spring MVC names a server span only when the request completes, after its samples were taken.
		assertThat(inRoot.stream().map(Sample::spanName).distinct()).as("server spans are not named yet")
			.containsOnly("unnamed");
	}

	// On this thread (in its span, if any), until the uploads hold more than 5 samples of the method.
	private static void burnUntilSampled(Uploads uploads, String method, Runnable work) {
		await("samples of " + method).atMost(DEADLINE)
			.pollInSameThread()
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> {
				work.run();
				return samples(uploads.get(), method).size() > 5;
			});
	}

	/**
	 * With wall-clock sampling beside CPU, the span profile of a request that only waits (as on I/O) shows where it
	 * waited: its wall-clock samples carry its root span, as the server reads them.
	 */
	@Test
	void theSpanProfileOfARequestWaitingOnIoShowsItsWaitingFrames() throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		List<String> spanIds = new ArrayList<>();
		long waited = 0;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TracedApplication.class).run(
				"--server.port=0", "--pyroscope.server-address=" + pyroscope.baseUrl(),
				"--pyroscope.upload-interval=1s", "--management.tracing.sampling.probability=1.0",
				"--spring.main.banner-mode=off", "--pyroscope.profiler.wall-clock.enabled=true")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newHttpClient();
			for (int i = 0; i < 4; i++) {
				long start = System.nanoTime();
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/waiting")).build(),
						HttpResponse.BodyHandlers.ofString());
				waited += System.nanoTime() - start;
				assertThat(response.statusCode()).isEqualTo(200);
				spanIds.add(response.body());
			}
		}
		List<IngestedProfile> uploads = new Uploads(pyroscope).get();
		long waitingSamples = 0;
		long waitingInSpan = 0;
		for (IngestedProfile upload : uploads) {
			for (RecordedEvent event : upload.wallClockSamples()) {
				if (IngestedProfile.hasFrame(SpanWork.class.getName(), "waitingForIo").test(event)) {
					waitingSamples += event.getLong("samples");
					if (spanIds.contains(String.format("%016x", event.getLong("spanId")))) {
						waitingInSpan += event.getLong("samples");
					}
				}
			}
		}
		assertThat(waitingSamples).as("wall-clock samples waiting for I/O").isGreaterThan(10);
		assertThat((double) waitingInSpan / waitingSamples).as("of them, in the request's span").isGreaterThanOrEqualTo(0.99);
		// As the server stores them: wall time under the requests' spans, most of the 4 x 300 ms they waited (85-100%
		// on a loaded 2-core machine, where the sampling thread itself runs late), and none beyond the requests.
		ServerProfiles server = ServerProfiles.of(uploads);
		long wallInSpans = server.total(ServerProfiles.WALL, (labels) -> spanIds.contains(labels.get("span_id")));
		long cpuInSpans = server.total(ServerProfiles.CPU, (labels) -> spanIds.contains(labels.get("span_id")));
		System.out.println("[" + bridge() + ", waiting on I/O] wall in the spans " + wallInSpans / 1e6 + " ms, CPU "
				+ cpuInSpans / 1e6 + " ms, of " + waited / 1e6 + " ms by the client's clock");
		assertThat(wallInSpans).isBetween(4 * 300_000_000L / 2, waited + 100_000_000L);
	}

	private static Void burnUntraced(AtomicBoolean burning) throws InterruptedException {
		while (burning.get()) {
			SpanWork.outsideAnyTrace(20);
			Thread.sleep(1);
		}
		return null;
	}

	/** The package name of the bridge under test. */
	abstract String bridge();

	private static double share(List<Sample> samples, java.util.function.Predicate<Sample> predicate) {
		return (double) samples.stream().filter(predicate).count() / samples.size();
	}

	private static List<Sample> samples(List<IngestedProfile> uploads, String method) {
		List<Sample> samples = new ArrayList<>();
		for (IngestedProfile upload : uploads) {
			for (RecordedEvent event : upload.executionSamples()) {
				if (IngestedProfile.hasFrame(SpanWork.class.getName(), method).test(event)) {
					long nameId = event.getLong("spanName");
					String name = (upload.labels() != null) ? upload.labels().getStringsMap().get(nameId) : null;
					samples.add(new Sample(event.getLong("spanId"), name));
				}
			}
		}
		return samples;
	}

	record Sample(long spanId, String spanName) {
	}

}

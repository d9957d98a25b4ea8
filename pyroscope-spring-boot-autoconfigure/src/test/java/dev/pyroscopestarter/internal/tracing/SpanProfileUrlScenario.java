package dev.pyroscopestarter.internal.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pyroscopestarter.internal.tracing.TracedApplication.ReportedSpans;
import dev.pyroscopestarter.testsupport.HeadlessChromium;
import io.micrometer.tracing.exporter.FinishedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From a span to its flame graph, as a Jaeger user clicks it: a real application in local mode, traced by one
 * bridge; its exported root spans carry {@code pyroscope.profile.id} and {@code pyroscope.profile.url}, and the
 * URL, followed over HTTP, shows the samples of that span and of no other. Run once per tracing bridge.
 */
abstract class SpanProfileUrlScenario {

	private static final String PROFILED_METHOD = SpanWork.class.getName() + ".inProfiledRequest";

	private static final String OTHER_METHOD = SpanWork.class.getName() + ".inOtherRequest";

	private static final HttpClient client = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext context;

	private static int port;

	private static String profiledSpanId;

	private static String otherSpanId;

	private static String namedSpanId;

	@BeforeAll
	static void tracedRequests() throws Exception {
		context = new SpringApplicationBuilder(TracedApplication.class).run("--server.port=0",
				"--spring.application.name=rides", "--pyroscope.upload-interval=1s",
				"--management.tracing.sampling.probability=1.0",
				"--management.endpoints.web.exposure.include=pyroscope", "--spring.main.banner-mode=off");
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
		// Warm-up: the first requests load and compile the request path, whose samples would not be the method's.
		for (int i = 0; i < 20; i++) {
			get("/profiled?cpuMillis=2");
		}
		for (int i = 0; i < 2; i++) {
			get("/other");
		}
		profiledSpanId = get("/profiled").body();
		otherSpanId = get("/other").body();
		io.micrometer.tracing.Tracer tracer = context.getBean(io.micrometer.tracing.Tracer.class);
		io.micrometer.tracing.Span job = tracer.nextSpan().name("nightly-report").start();
		try (io.micrometer.tracing.Tracer.SpanInScope scope = tracer.withSpan(job)) {
			SpanWork.inNamedRootSpan(400);
		}
		finally {
			job.end();
		}
		namedSpanId = job.context().spanId();
		Instant done = Instant.now();
		await("a window ended after the requests").atMost(Duration.ofSeconds(30))
			.until(() -> newestWindowEnd().isAfter(done));
		ReportedSpans reported = context.getBean(ReportedSpans.class);
		await("both root spans exported").atMost(Duration.ofSeconds(30))
			.until(() -> reported.withId(profiledSpanId) != null && reported.withId(otherSpanId) != null
					&& reported.withId(namedSpanId) != null);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	/** The package name of the bridge under test. */
	abstract String bridge();

	@Test
	void exportedRootSpanCarriesItsProfileIdAndUrl() {
		assertThat(context.getBean(io.micrometer.tracing.Tracer.class).getClass().getName()).contains(bridge());
		FinishedSpan span = context.getBean(ReportedSpans.class).withId(profiledSpanId);
		Map<String, String> tags = span.getTags();
		assertThat(tags).containsEntry("pyroscope.profile.id", profiledSpanId);
		String url = tags.get("pyroscope.profile.url");
		assertThat(url).startsWith("http://localhost:" + port + "/actuator/pyroscope/flamegraph?span_id="
				+ profiledSpanId + "&from=");
		long from = Long.parseLong(query(url, "from"));
		long to = Long.parseLong(query(url, "to"));
		assertThat(Instant.ofEpochMilli(from)).isBefore(span.getStartTimestamp());
		assertThat(Instant.ofEpochMilli(to)).isAfter(span.getEndTimestamp());
	}

	@Test
	void theUrlOpensTheFlameGraphOfThatSpanOnly() throws Exception {
		String url = context.getBean(ReportedSpans.class).withId(profiledSpanId).getTags().get("pyroscope.profile.url");
		HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<canvas").contains("span " + profiledSpanId);

		// The same query as collapsed stacks, to count: the span's samples are the profiled method's.
		Stacks profiled = Stacks.of(get(url.replace("/flamegraph?", "/collapsed?")).body());
		assertThat(profiled.total()).as("samples of the span").isGreaterThan(30);
		assertThat(profiled.share(PROFILED_METHOD)).as("share of the span's samples in the profiled method")
			.isGreaterThanOrEqualTo(0.99);
		assertThat(profiled.weight(OTHER_METHOD)).isZero();

		String otherUrl = context.getBean(ReportedSpans.class).withId(otherSpanId).getTags().get("pyroscope.profile.url");
		Stacks other = Stacks.of(get(otherUrl.replace("/flamegraph?", "/collapsed?")).body());
		assertThat(other.weight(OTHER_METHOD)).as("the other request's own work").isPositive();
		assertThat(other.weight(PROFILED_METHOD)).as("the profiled method in the other request's span").isZero();
	}

	@Test
	void thePageNamesTheSpanByTheNameItsSamplesCarry() throws Exception {
		String url = context.getBean(ReportedSpans.class).withId(namedSpanId).getTags().get("pyroscope.profile.url");
		assertThat(url).isNotNull();
		assertThat(get(url).body()).contains("span " + namedSpanId + " &#39;nightly-report&#39;");
		// Spring MVC names a server span when it ends: its samples say 'unnamed', which the title leaves out; their
		// route labels tell the request instead.
		String request = context.getBean(ReportedSpans.class).withId(profiledSpanId).getTags().get("pyroscope.profile.url");
		assertThat(get(request).body()).contains("span " + profiledSpanId + " (http_method=GET, http_route=/profiled)")
			.doesNotContain("unnamed");
	}

	@Test
	void inABrowserTheProfiledMethodFillsTheSpansFlameGraph() {
		HeadlessChromium.assumeInstalled();
		String url = context.getBean(ReportedSpans.class).withId(profiledSpanId).getTags().get("pyroscope.profile.url");
		String dom = HeadlessChromium.dumpDom(url + "&highlight=inProfiledRequest");
		assertThat(dom).contains("span " + profiledSpanId);
		Matcher matched = Pattern.compile("id=\"matchval\">([0-9.]+)%<").matcher(dom);
		assertThat(matched.find()).as("the page's search ran and reported its match").isTrue();
		assertThat(Double.parseDouble(matched.group(1))).as("share of the drawn graph in the profiled method")
			.isGreaterThanOrEqualTo(99.0);
	}

	@Test
	void badSpanIdsGetAClearBadRequest() throws Exception {
		for (String bad : new String[] { "12345", "zzzzzzzzzzzzzzzz", "%3Cscript%3E", "00f067aa0ba902b7aa" }) {
			HttpResponse<String> response = get("/actuator/pyroscope/flamegraph?span_id=" + bad);
			assertThat(response.statusCode()).as(bad).isEqualTo(400);
			assertThat(response.body()).contains("span_id must be 16 hexadecimal digits").doesNotContain("<script>");
		}
		assertThat(get("/actuator/pyroscope/collapsed?trace_id=abc").statusCode()).isEqualTo(400);
		assertThat(get("/actuator/pyroscope/collapsed?span_id=" + profiledSpanId + "&from=soon").statusCode())
			.isEqualTo(400);
		assertThat(get("/actuator/pyroscope/collapsed?span_id=" + profiledSpanId + "&from=10&to=5").statusCode())
			.isEqualTo(400);
	}

	@Test
	void theTraceIdSelectsTheSamplesOfTheTrace() throws Exception {
		FinishedSpan span = context.getBean(ReportedSpans.class).withId(profiledSpanId);
		Stacks trace = Stacks.of(get("/actuator/pyroscope/collapsed?trace_id=" + span.getTraceId()).body());
		assertThat(trace.weight(PROFILED_METHOD)).isPositive();
		assertThat(trace.weight(OTHER_METHOD)).isZero();
	}

	private static Instant newestWindowEnd() throws Exception {
		Map<String, Object> status = JsonParserFactory.getJsonParser().parseMap(get("/actuator/pyroscope").body());
		Object local = status.get("local");
		Object end = (local instanceof Map<?, ?> figures) ? figures.get("newestWindowEnd") : null;
		return (end != null) ? Instant.parse(end.toString()) : Instant.EPOCH;
	}

	private static HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
		String url = pathOrUrl.startsWith("http") ? pathOrUrl : "http://127.0.0.1:" + port + pathOrUrl;
		return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String query(String url, String name) {
		Matcher matcher = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
		assertThat(matcher.find()).as(name + " in " + url).isTrue();
		return matcher.group(1);
	}

	/** Collapsed stacks: one line per stack, then its weight. */
	private record Stacks(Map<String, Long> weights) {

		static Stacks of(String collapsed) {
			Map<String, Long> weights = new java.util.HashMap<>();
			for (String line : collapsed.split("\n")) {
				int space = line.lastIndexOf(' ');
				if (space > 0) {
					weights.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()), Long::sum);
				}
			}
			return new Stacks(weights);
		}

		long total() {
			return this.weights.values().stream().mapToLong(Long::longValue).sum();
		}

		long weight(String frame) {
			return this.weights.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().contains(frame))
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

		double share(String frame) {
			return (double) weight(frame) / total();
		}

	}

}

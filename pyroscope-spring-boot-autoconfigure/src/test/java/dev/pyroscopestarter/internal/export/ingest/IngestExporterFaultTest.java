package dev.pyroscopestarter.internal.export.ingest;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.Windows;
import io.pyroscope.labels.pb.JfrLabels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exporter against a Pyroscope server that misbehaves: down, failing, rate limiting, refusing credentials,
 * slow, resetting connections. Profiles must arrive once the server recovers, memory must stay bounded, and every
 * profile given up must be counted.
 */
@ExtendWith(OutputCaptureExtension.class)
class IngestExporterFaultTest {

	private static final String TOKEN = "pyr_very_secret_token";

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@RegisterExtension
	static WireMockExtension elsewhere = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private IngestExporter exporter;

	@AfterEach
	void close() {
		if (this.exporter != null) {
			this.exporter.close();
		}
	}

	@Test
	void serverDownFromTheStartKeepsMemoryBoundedAndCountsEveryDrop() throws IOException {
		this.exporter = exporter(closedPortAddress(), 2, 1_000, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("the first upload attempt fails").atMost(Duration.ofSeconds(10)).until(() -> this.exporter.figures().failedAttempts() >= 1);
		for (int i = 1; i < 10; i++) {
			this.exporter.export(Windows.withLabels(i));
			assertThat(this.exporter.figures().queueDepth()).isLessThanOrEqualTo(3);
		}
		UploadFigures figures = this.exporter.figures();
		assertThat(figures.queueDepth()).isEqualTo(3);
		assertThat(figures.dropped().get(DropReason.QUEUE_FULL)).isEqualTo(7);
		assertThat(figures.succeeded()).isZero();
		assertThat(figures.lastError()).contains("ConnectException");

		FlushResult flush = this.exporter.flush(Duration.ofMillis(300));
		assertThat(flush.dropped()).isEqualTo(3);
		assertThat(this.exporter.figures().droppedTotal()).isEqualTo(10);
		assertThat(this.exporter.figures().queueDepth()).isZero();
	}

	@Test
	void serverErrorsThenRecoveryDeliversEveryQueuedProfileInOrder() {
		failThenSucceed(3, aResponse().withStatus(503).withBody("ingester unavailable"));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		for (int i = 0; i < 3; i++) {
			this.exporter.export(Windows.withLabels(i));
		}
		await("three profiles delivered").atMost(Duration.ofSeconds(20)).until(() -> this.exporter.figures().succeeded() == 3);
		UploadFigures figures = this.exporter.figures();
		assertThat(figures.failedAttempts()).isEqualTo(3);
		assertThat(figures.retried()).isEqualTo(3);
		assertThat(figures.droppedTotal()).isZero();
		assertThat(figures.lastStatus()).isEqualTo(200);
		assertThat(figures.bytesSent()).isPositive();
		List<Integer> delivered = deliveredIndexes();
		assertThat(delivered.subList(delivered.size() - 3, delivered.size())).containsExactly(0, 1, 2);
	}

	@Test
	void rateLimitedUploadsAreRetried() {
		failThenSucceed(2, aResponse().withStatus(429));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("delivered after 429s").atMost(Duration.ofSeconds(20)).until(() -> this.exporter.figures().succeeded() == 1);
		assertThat(this.exporter.figures().retried()).isEqualTo(2);
		assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).hasSize(3);
	}

	@Test
	void unauthorizedIsNotRetriedAndTheLogNamesTheCredentialsButNotTheToken(CapturedOutput output) {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(401).withBody("invalid token")));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		this.exporter.export(Windows.withLabels(1));
		await("both rejected").atMost(Duration.ofSeconds(10)).until(() -> this.exporter.figures().dropped().get(DropReason.REJECTED) == 2);
		assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).hasSize(2);
		assertThat(this.exporter.figures().retried()).isZero();
		assertThat(this.exporter.figures().lastStatus()).isEqualTo(401);
		assertThat(output).contains("pyroscope.auth-token").doesNotContain(TOKEN);
		assertThat(output.toString().split("rejected a profile", -1)).as("logged once").hasSize(2);
	}

	@Test
	void responseSlowerThanTheTimeoutIsRetried() {
		server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(200).withFixedDelay(3_000)).willSetStateTo("fast"));
		server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("slow").whenScenarioStateIs("fast")
			.willReturn(aResponse().withStatus(200)));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofMillis(500));
		this.exporter.export(Windows.withLabels(0));
		await("delivered after a timeout").atMost(Duration.ofSeconds(20)).until(() -> this.exporter.figures().succeeded() == 1);
		assertThat(this.exporter.figures().failedAttempts()).isEqualTo(1);
		assertThat(this.exporter.figures().lastError()).containsIgnoringCase("timeout");
	}

	@Test
	void connectionResetIsRetried() {
		failThenSucceed(2, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("delivered after resets").atMost(Duration.ofSeconds(20)).until(() -> this.exporter.figures().succeeded() == 1);
		assertThat(this.exporter.figures().failedAttempts()).isPositive();
		assertThat(this.exporter.figures().droppedTotal()).isZero();
		assertThat(deliveredIndexes()).contains(0);
	}

	@Test
	void exportHandsOffAtOnceWhileTheServerIsStuck() throws Exception {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
		this.exporter = exporter(server.baseUrl(), 4, 8, Duration.ofSeconds(10));
		CompletableFuture<Void> exports = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 20; i++) {
				this.exporter.export(Windows.withLabels(i));
			}
		});
		exports.get(2, TimeUnit.SECONDS);
		assertThat(this.exporter.figures().succeeded()).as("the server has not answered yet").isZero();
		assertThat(this.exporter.figures().queueDepth()).isLessThanOrEqualTo(5);
		assertThat(this.exporter.figures().dropped().get(DropReason.QUEUE_FULL)).isGreaterThanOrEqualTo(15);
	}

	@Test
	void flushGivesUpAtItsDeadlineAndCountsWhatIsLeft() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200).withFixedDelay(8_000)));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(30));
		this.exporter.export(Windows.withLabels(0));
		this.exporter.export(Windows.withLabels(1));
		FlushResult flush = this.exporter.flush(Duration.ofMillis(500));
		assertThat(flush.took()).isLessThan(Duration.ofSeconds(5));
		assertThat(flush.uploaded()).isZero();
		assertThat(flush.dropped()).isEqualTo(2);
		assertThat(this.exporter.figures().dropped().get(DropReason.SHUTDOWN)).isEqualTo(2);
	}

	@Test
	void aRefusedValueInTheCredentialsIsNeverLoggedAndLaterProfilesStillGo(CapturedOutput output) {
		failThenSucceed(1, aResponse().withStatus(401));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		// A rotated token read with its line break: the HTTP client refuses it with a message that repeats it.
		this.exporter.setCredentialsRefresher(
				() -> Optional.of(new IngestCredentials("rotated-" + TOKEN + "\n", null, null)));
		for (int i = 0; i < 3; i++) {
			this.exporter.export(Windows.withLabels(i));
		}
		await("every profile accounted for").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().droppedTotal() == 3 && this.exporter.figures().queueDepth() == 0);
		assertThat(output).doesNotContain(TOKEN).contains("Unexpected java.lang.IllegalArgumentException");
		assertThat(output.toString().split("Unexpected java.lang.IllegalArgumentException", -1)).as("logged once")
			.hasSize(2);
	}

	@Test
	void anErrorOnTheUploadThreadCostsOneProfileOnly() {
		failThenSucceed(1, aResponse().withStatus(401));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.setCredentialsRefresher(() -> {
			throw new OutOfMemoryError("simulated while re-reading a secret");
		});
		this.exporter.export(Windows.withLabels(0));
		this.exporter.export(Windows.withLabels(1));
		await("the second profile delivered").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().succeeded() == 1);
		assertThat(this.exporter.figures().droppedTotal()).isEqualTo(1);
		assertThat(deliveredIndexes()).containsExactly(1);
	}

	@Test
	void aServersErrorTextIsCutAndCannotForgeLogLines(CapturedOutput output) {
		String forged = "bad request\n2026-01-01 ERROR forged line\r\u001b[31m" + "x".repeat(1_000_000);
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(400).withBody(forged)));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(5));
		this.exporter.export(Windows.withLabels(0));
		await("rejected").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().dropped().get(DropReason.REJECTED) == 1);
		String lastError = this.exporter.figures().lastError();
		assertThat(lastError).startsWith("400 bad request 2026-01-01 ERROR forged line").hasSizeLessThan(220);
		assertThat(lastError.chars().filter(Character::isISOControl)).isEmpty();
		assertThat(output).doesNotContain("\n2026-01-01 ERROR forged line");
	}

	@Test
	void redirectsAreNotFollowedWithTheCredentialsAndTheProfile(CapturedOutput output) {
		elsewhere.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		server.stubFor(post(urlPathEqualTo("/ingest"))
			.willReturn(aResponse().withStatus(307).withHeader("Location", elsewhere.baseUrl() + "/ingest")));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("dropped").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().dropped().get(DropReason.REJECTED) == 1);
		assertThat(elsewhere.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).isEmpty();
		assertThat(output).contains("redirects are not followed");
	}

	@Test
	void retryAfterIsHonouredOnA429() {
		server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("free"));
		server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("busy").whenScenarioStateIs("free")
			.willReturn(aResponse().withStatus(200)));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("delivered after the wait asked for").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().succeeded() == 1);
		List<java.util.Date> attempts = server.findAll(postRequestedFor(urlPathEqualTo("/ingest")))
			.stream()
			.map(com.github.tomakehurst.wiremock.verification.LoggedRequest::getLoggedDate)
			.sorted()
			.toList();
		assertThat(attempts).hasSize(2);
		// The backoff alone would have waited at most 100 ms.
		assertThat(attempts.get(1).getTime() - attempts.get(0).getTime()).isGreaterThanOrEqualTo(1_900);
	}

	@Test
	void aUsedUpQuotaIsWaitedForUntilItsResetNotRetriedHot() {
		Instant reset = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
		server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("quota").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429)
				.withBody("limit of 1.0 GB/1h0m0s reached, next reset at " + reset))
			.willSetStateTo("reset"));
		server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("quota").whenScenarioStateIs("reset")
			.willReturn(aResponse().withStatus(200)));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("delivered after the reset").atMost(Duration.ofSeconds(20))
			.until(() -> this.exporter.figures().succeeded() == 1);
		List<LoggedRequest> attempts = server.findAll(postRequestedFor(urlPathEqualTo("/ingest")));
		assertThat(attempts).hasSize(2);
		// The backoff alone (20-100 ms) would have tried again long before.
		assertThat(attempts.stream().map(LoggedRequest::getLoggedDate).max(Date::compareTo).orElseThrow().toInstant())
			.isAfterOrEqualTo(reset.minusMillis(50));
	}

	@Test
	void aQuotaResettingLaterThanTheUploaderWaitsDropsTheWindowWithItsReason() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(429)
			.withBody("limit of 1.0 GB/24h0m0s reached, next reset at " + Instant.now().plus(Duration.ofHours(3)))));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("dropped for the quota").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().dropped().get(DropReason.QUOTA) == 1);
		assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).as("sent once, never again")
			.hasSize(1);
		assertThat(this.exporter.figures().dropped().get(DropReason.RETRIES_EXHAUSTED)).isZero();
	}

	@Test
	void aWindowOlderThanTheServersIngestionWindowIsDroppedNotSent() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		Instant started = Instant.now().minus(Duration.ofMinutes(70));
		this.exporter.export(Windows.of(started, started.plusSeconds(10), new byte[100], Windows.labels()));
		this.exporter.export(Windows.withLabels(1));
		await("the fresh one delivered").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().succeeded() == 1);
		assertThat(this.exporter.figures().dropped().get(DropReason.TOO_OLD)).isEqualTo(1);
		assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).hasSize(1);
	}

	@Test
	void labelsBeyondTheServersLimitsAreFittedAndCountedNotHavingTheUploadRefused(CapturedOutput output) {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		// One context with 40 label names, one of its values longer than the server's 2048 bytes.
		JfrLabels.Context.Builder context = JfrLabels.Context.newBuilder();
		JfrLabels.LabelsSnapshot.Builder labels = JfrLabels.LabelsSnapshot.newBuilder();
		for (int i = 0; i < 40; i++) {
			context.putLabels(100 + i, 200 + i);
			labels.putStrings(100 + i, String.format("name_%02d", i));
			labels.putStrings(200 + i, (i == 0) ? "v".repeat(3000) : "value" + i);
		}
		labels.putContexts(7L, context.build());
		this.exporter.export(Windows.of(Windows.RECENT, Windows.RECENT.plusSeconds(10), new byte[100], labels.build()));
		await("delivered").atMost(Duration.ofSeconds(10)).until(() -> this.exporter.figures().succeeded() == 1);
		JfrLabels.LabelsSnapshot sent = IngestedProfile.of(server.findAll(postRequestedFor(urlPathEqualTo("/ingest"))))
			.get(0)
			.labels();
		// "fault-test" has no static labels: 5 names the server adds and span_name leave 24 of the 30.
		assertThat(this.exporter.settings().maxDynamicLabelNames()).isEqualTo(24);
		Map<Long, Long> kept = sent.getContextsOrThrow(7L).getLabelsMap();
		assertThat(kept).hasSize(24);
		assertThat(kept.keySet()).allSatisfy((id) -> assertThat(sent.getStringsOrThrow(id)).isLessThan("name_24"));
		assertThat(sent.getStringsOrThrow(200L)).hasSize(2048);
		assertThat(this.exporter.figures().labelNamesLeftOut()).isEqualTo(16);
		assertThat(this.exporter.figures().labelTextsCut()).isEqualTo(1);
		assertThat(output).containsOnlyOnce("more labels than the Pyroscope server accepts");
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 413, 422 })
	void whatTheServerRefusesIsNeverSentAgain(int status) {
		server.stubFor(post(urlPathEqualTo("/ingest"))
			.willReturn(aResponse().withStatus(status).withBody("has 31 label names; limit 30")));
		this.exporter = exporter(server.baseUrl(), 8, 8, Duration.ofSeconds(2));
		this.exporter.export(Windows.withLabels(0));
		await("rejected").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().dropped().get(DropReason.REJECTED) == 1);
		assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).hasSize(1);
	}

	@Test
	void theQueueIsBoundedInBytesTheProfileInFlightIncluded() {
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
		long windowBytes = Windows.withLabels(0).size();
		this.exporter = exporter(server.baseUrl(), 100, 3 * windowBytes, 8, Duration.ofSeconds(10), null);
		for (int i = 0; i < 10; i++) {
			this.exporter.export(Windows.withLabels(i));
			assertThat(this.exporter.figures().queueBytes()).isLessThanOrEqualTo(3 * windowBytes);
		}
		assertThat(this.exporter.figures().queueDepth()).isEqualTo(3);
		assertThat(this.exporter.figures().dropped().get(DropReason.QUEUE_FULL)).isEqualTo(7);
		await("drained").atMost(Duration.ofSeconds(20)).until(() -> this.exporter.figures().queueDepth() == 0);
		assertThat(this.exporter.figures().queueBytes()).isZero();
		assertThat(this.exporter.figures().succeeded()).isEqualTo(3);
	}

	@Test
	void aProxyAskingForCredentialsGetsThemAndTheServerIsReachedOnlyThroughIt(CapturedOutput output) {
		// A forward proxy receives the request for the server's absolute URL.
		elsewhere.stubFor(post(urlPathEqualTo("/ingest")).inScenario("proxy").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"proxy\""))
			.willSetStateTo("challenged"));
		elsewhere.stubFor(post(urlPathEqualTo("/ingest")).inScenario("proxy").whenScenarioStateIs("challenged")
			.withHeader("Proxy-Authorization", equalTo(okhttp3.Credentials.basic("squid", "proxy-" + TOKEN)))
			.willReturn(aResponse().withStatus(200)));
		this.exporter = exporter("http://pyroscope.invalid:4040", 8, 32L << 20, 8, Duration.ofSeconds(2),
				new IngestSettings.Proxy("localhost", elsewhere.getPort(), "squid", "proxy-" + TOKEN));
		this.exporter.export(Windows.withLabels(0));
		await("delivered through the proxy").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().succeeded() == 1);
		assertThat(elsewhere.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).hasSize(2);
		assertThat(this.exporter.settings().toString()).contains("localhost:" + elsewhere.getPort())
			.doesNotContain(TOKEN);
		assertThat(output).doesNotContain(TOKEN);
	}

	@Test
	void theJvmsProxySettingsApplyWithoutAProxyOfOurOwn() {
		elsewhere.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		String host = System.getProperty("http.proxyHost");
		String port = System.getProperty("http.proxyPort");
		System.setProperty("http.proxyHost", "localhost");
		System.setProperty("http.proxyPort", Integer.toString(elsewhere.getPort()));
		try {
			this.exporter = exporter("http://pyroscope.invalid:4040", 8, 8, Duration.ofSeconds(2));
			this.exporter.export(Windows.withLabels(0));
			await("delivered through the JVM's proxy").atMost(Duration.ofSeconds(10))
				.until(() -> this.exporter.figures().succeeded() == 1);
			assertThat(elsewhere.findAll(postRequestedFor(urlPathEqualTo("/ingest")))).hasSize(1);
		}
		finally {
			restore("http.proxyHost", host);
			restore("http.proxyPort", port);
		}
	}

	private static void restore(String name, String value) {
		if (value != null) {
			System.setProperty(name, value);
		}
		else {
			System.clearProperty(name);
		}
	}

	@Test
	void aProxyRefusingTheCredentialsIsExplained(CapturedOutput output) {
		elsewhere.stubFor(post(urlPathEqualTo("/ingest"))
			.willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")));
		this.exporter = exporter("http://pyroscope.invalid:4040", 8, 32L << 20, 8, Duration.ofSeconds(2),
				new IngestSettings.Proxy("localhost", elsewhere.getPort(), "squid", "proxy-" + TOKEN));
		this.exporter.export(Windows.withLabels(0));
		await("dropped").atMost(Duration.ofSeconds(10))
			.until(() -> this.exporter.figures().dropped().get(DropReason.REJECTED) == 1);
		assertThat(output).contains("pyroscope.proxy.username").doesNotContain(TOKEN);
	}

	private static void failThenSucceed(int failures, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
		String state = Scenario.STARTED;
		for (int i = 1; i <= failures; i++) {
			String next = "failed " + i;
			server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("recovery").whenScenarioStateIs(state)
				.willReturn(failure).willSetStateTo(next));
			state = next;
		}
		server.stubFor(post(urlPathEqualTo("/ingest")).inScenario("recovery").whenScenarioStateIs(state)
			.willReturn(aResponse().withStatus(200)));
	}

	private static List<Integer> deliveredIndexes() {
		return server.getAllServeEvents().stream()
			.filter((event) -> event.getResponse().getStatus() == 200)
			.map((event) -> event.getRequest())
			.sorted(java.util.Comparator.comparing((com.github.tomakehurst.wiremock.verification.LoggedRequest r) -> r.getLoggedDate()))
			.map((request) -> Windows.indexOf(IngestedProfile.of(List.of(request)).get(0).jfr()))
			.toList();
	}

	private static IngestExporter exporter(String address, int queueCapacity, int maxAttempts, Duration timeout) {
		return exporter(address, queueCapacity, 32L << 20, maxAttempts, timeout, null);
	}

	private static IngestExporter exporter(String address, int queueCapacity, long queueMaxBytes, int maxAttempts,
			Duration timeout, IngestSettings.Proxy proxy) {
		return new IngestExporter(new IngestSettings(address, "fault-test", null, Map.of(),
				new IngestCredentials(TOKEN, null, null), timeout, queueCapacity, queueMaxBytes, maxAttempts,
				Duration.ofMillis(20), Duration.ofMillis(100), proxy, null));
	}

	private static String closedPortAddress() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
	}

}

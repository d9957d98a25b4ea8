package dev.pyroscopestarter.internal.export.ingest;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.internal.export.ingest.IngestSender.Attempt;
import dev.pyroscopestarter.internal.export.ingest.IngestSender.Result;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One upload attempt against a loopback server (WireMock): how each kind of answer is classified, what the detail
 * shows of the server's body, that redirects are not followed, and that an attempt in flight can be cancelled.
 */
class IngestSenderTest {

	private static final String TOKEN = "pyr_sender_secret";

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private IngestSender sender;

	@AfterEach
	void close() {
		if (this.sender != null) {
			this.sender.close();
		}
	}

	@Test
	void aSuccessfulAnswerIsDeliveredWithTheRequestAsTheAgentSendsIt() {
		answer(aResponse().withStatus(200));
		Attempt attempt = send(server.baseUrl(), Duration.ofSeconds(5));
		assertThat(attempt.result()).isEqualTo(Result.DELIVERED);
		assertThat(attempt.status()).isEqualTo(200);
		assertThat(attempt.detail()).isNull();
		assertThat(attempt.retryAfter()).isNull();
		assertThat(attempt.took()).isPositive();
		server.verify(postRequestedFor(urlPathEqualTo("/ingest")).withQueryParam("name", equalTo("app{}"))
			.withQueryParam("format", equalTo("jfr"))
			.withHeader("Authorization", equalTo("Bearer " + TOKEN)));
	}

	@Test
	void serverErrorsAndRateLimitsAreWorthRetrying() {
		answer(aResponse().withStatus(503).withBody("ingester unavailable"));
		Attempt unavailable = send(server.baseUrl(), Duration.ofSeconds(5));
		assertThat(unavailable.result()).isEqualTo(Result.RETRY);
		assertThat(unavailable.status()).isEqualTo(503);
		assertThat(unavailable.detail()).isEqualTo("503 ingester unavailable");
		answer(aResponse().withStatus(500));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).result()).isEqualTo(Result.RETRY);
		answer(aResponse().withStatus(429).withHeader("Retry-After", " 17 "));
		Attempt limited = send(server.baseUrl(), Duration.ofSeconds(5));
		assertThat(limited.result()).isEqualTo(Result.RETRY);
		assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(17));
	}

	@Test
	void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
		String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
		answer(aResponse().withStatus(503).withHeader("Retry-After", inAMinute));
		Duration wait = send(server.baseUrl(), Duration.ofSeconds(5)).retryAfter();
		assertThat(wait).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
		String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
		answer(aResponse().withStatus(429).withHeader("Retry-After", past));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).retryAfter()).isEqualTo(Duration.ZERO);
		answer(aResponse().withStatus(429).withHeader("Retry-After", "soon"));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).retryAfter()).isNull();
		answer(aResponse().withStatus(429).withHeader("Retry-After", "-5"));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).retryAfter()).isEqualTo(Duration.ZERO);
	}

	@Test
	void retryAfterCountsOnlyFor429And503() {
		answer(aResponse().withStatus(500).withHeader("Retry-After", "17"));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).retryAfter()).isNull();
	}

	@Test
	void refusedCredentialsAndOtherClientErrorsAreNotRetried() {
		answer(aResponse().withStatus(401).withBody("invalid token"));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).result()).isEqualTo(Result.UNAUTHORIZED);
		answer(aResponse().withStatus(403));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).result()).isEqualTo(Result.UNAUTHORIZED);
		answer(aResponse().withStatus(400).withBody("bad profile"));
		Attempt rejected = send(server.baseUrl(), Duration.ofSeconds(5));
		assertThat(rejected.result()).isEqualTo(Result.REJECTED);
		assertThat(rejected.detail()).isEqualTo("400 bad profile");
		answer(aResponse().withStatus(413));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).result()).isEqualTo(Result.REJECTED);
	}

	@Test
	void aRedirectIsNotFollowed() {
		answer(aResponse().withStatus(307).withHeader("Location", "http://elsewhere.invalid/ingest"));
		Attempt attempt = send(server.baseUrl(), Duration.ofSeconds(5));
		assertThat(attempt.result()).isEqualTo(Result.REJECTED);
		assertThat(attempt.status()).isEqualTo(307);
		server.verify(1, postRequestedFor(urlPathEqualTo("/ingest")));
	}

	@Test
	void theErrorBodyShownIsShortSingleLineAndWithoutUserInfo() {
		answer(aResponse().withStatus(400)
			.withBody("see http://admin:" + TOKEN + "@pyroscope.local/\nline two " + "x".repeat(100_000)));
		String detail = send(server.baseUrl(), Duration.ofSeconds(5)).detail();
		assertThat(detail).startsWith("400 see http://pyroscope.local/ line two xxx").endsWith("...");
		assertThat(detail).doesNotContain(TOKEN).doesNotContain("\n");
		assertThat(detail.length()).isLessThanOrEqualTo("400 ".length() + 200 + "...".length());
	}

	@Test
	void noAnswerIsWorthRetryingAndNamesTheFailure() throws IOException {
		Attempt refused = send(closedPortAddress(), Duration.ofSeconds(5));
		assertThat(refused.result()).isEqualTo(Result.RETRY);
		assertThat(refused.status()).isZero();
		assertThat(refused.detail()).contains("ConnectException");
		answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		assertThat(send(server.baseUrl(), Duration.ofSeconds(5)).result()).isEqualTo(Result.RETRY);
	}

	@Test
	void aTimeoutIsWorthRetryingNotACancel() {
		answer(aResponse().withStatus(200).withFixedDelay(5_000));
		Attempt attempt = send(server.baseUrl(), Duration.ofMillis(300));
		assertThat(attempt.result()).isEqualTo(Result.RETRY);
		assertThat(attempt.detail()).containsIgnoringCase("timeout");
	}

	@Test
	void anAttemptInFlightCanBeCancelledFromAnotherThread() {
		answer(aResponse().withStatus(200).withFixedDelay(30_000));
		this.sender = new IngestSender(settings(server.baseUrl(), Duration.ofSeconds(60)));
		ProfileWindow window = Windows.withLabels(0);
		CompletableFuture<Attempt> attempt = CompletableFuture
			.supplyAsync(() -> this.sender.send(window, this.sender.prepare(window, window.labels())));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !server.findAll(postRequestedFor(urlPathEqualTo("/ingest"))).isEmpty());
		this.sender.cancel();
		await().atMost(Duration.ofSeconds(20)).until(attempt::isDone);
		assertThat(attempt.join().result()).isEqualTo(Result.CANCELLED);
		assertThat(attempt.join().detail()).isEqualTo("cancelled at shutdown");
	}

	@Test
	void laterRequestsCarryNewCredentials() {
		answer(aResponse().withStatus(200));
		this.sender = new IngestSender(settings(server.baseUrl(), Duration.ofSeconds(5)));
		this.sender.useCredentials(new IngestCredentials("pyr_rotated", null, null));
		ProfileWindow window = Windows.withLabels(0);
		assertThat(this.sender.send(window, this.sender.prepare(window, window.labels())).result()).isEqualTo(Result.DELIVERED);
		server.verify(postRequestedFor(urlPathEqualTo("/ingest")).withHeader("Authorization",
				equalTo("Bearer pyr_rotated")));
		server.verify(0, postRequestedFor(urlPathEqualTo("/ingest")).withHeader("Authorization", containing(TOKEN)));
	}

	private Attempt send(String address, Duration timeout) {
		if (this.sender != null) {
			this.sender.close();
		}
		this.sender = new IngestSender(settings(address, timeout));
		ProfileWindow window = Windows.withLabels(0);
		return this.sender.send(window, this.sender.prepare(window, window.labels()));
	}

	private static void answer(ResponseDefinitionBuilder response) {
		server.resetAll();
		server.stubFor(post(urlPathEqualTo("/ingest")).willReturn(response));
	}

	private static IngestSettings settings(String address, Duration timeout) {
		return new IngestSettings(address, "app{}", null, Map.of(), new IngestCredentials(TOKEN, null, null), timeout,
				8, 1_000_000, 3, Duration.ofMillis(10), Duration.ofMillis(100), null, null);
	}

	private static String closedPortAddress() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "http://localhost:" + socket.getLocalPort();
		}
	}

}

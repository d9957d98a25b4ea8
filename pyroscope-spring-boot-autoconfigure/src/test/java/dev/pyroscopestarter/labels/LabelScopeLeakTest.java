package dev.pyroscopestarter.labels;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.internal.labels.propagation.LabelsTaskDecorator;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every scope opened is closed and released by the agent: after thousands of scopes, some failing, some on reused
 * pool threads, the uploads that follow carry no label context any more.
 */
class LabelScopeLeakTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void scopesAreReleasedAfterTheNextUpload() throws Exception {
		try (ConfigurableApplicationContext context = uploadingEverySecond()) {
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			LabelsTaskDecorator decorator = context.getBean(LabelsTaskDecorator.class);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				for (int i = 0; i < 2000; i++) {
					int n = i;
					// Values used rarely enough never to turn hot (see hotValuesShareOneContextForGood).
					Future<?> task = labels.call("request", Integer.toString(n % 50),
							() -> pool.submit(decorator.decorate(() -> labels.run("step", Integer.toString(n % 40), () -> {
							}))));
					task.get(10, TimeUnit.SECONDS);
					assertThatThrownBy(() -> labels.run(Map.of("vehicle", "car"), () -> {
						throw new IllegalStateException("failed #" + n);
					})).hasMessage("failed #" + n);
				}
			}
			finally {
				pool.shutdown();
				assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(labels.current()).as("nothing left on the test thread").isEmpty();
			int uploadsDuringWork = uploads().size();
			// The next upload reports the closed contexts one last time; the one after it has none of them left.
			// (Label sets fixed in code, such as routes, share constant contexts reported in every upload.)
			await("an upload without this test's label contexts").atMost(Duration.ofSeconds(30)).until(() -> uploads().stream().skip(uploadsDuringWork + 1).anyMatch((u) -> !hasThisTestsLabels(u)));
			assertThat(uploads()).as("the scopes were recorded by the agent")
				.anyMatch((u) -> u.labelContexts().values().contains(Map.of("vehicle", "car")));
		}
	}

	@Test
	void hotValuesShareOneContextForGood() throws Exception {
		try (ConfigurableApplicationContext context = uploadingEverySecond()) {
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			int uploadsBefore = uploads().size();
			for (int i = 0; i < LabelSet.HOT_AFTER_USES * 3; i++) {
				labels.run("tier", "hot", () -> {
				});
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
			long spins = 0;
			while (System.nanoTime() < deadline) {
				spins += labels.call("tier", "hot", LabelScopeLeakTest::burn);
			}
			assertThat(spins).isPositive();
			await("three uploads after the work").atMost(Duration.ofSeconds(30)).until(() -> uploads().size() >= uploadsBefore + 4);
			List<IngestedProfile> after = uploads().subList(uploadsBefore, uploads().size());
			assertThat(after).as("samples taken in the hot scopes carry its label")
				.anyMatch((u) -> u.samplesByLabel("tier").getOrDefault("hot", 0L) > 0);
			// Unlike a scope's own context, forgotten after the upload that follows its close, a hot value's
			// shared context stays: it is reported in every upload, also long after the work.
			assertThat(after.get(after.size() - 1).labelContexts().values()).contains(Map.of("tier", "hot"));
		}
	}

	private static long burn() {
		long x = 0;
		for (int i = 0; i < 10_000; i++) {
			x += Long.numberOfTrailingZeros(x + i) ^ i;
		}
		return x | 1;
	}

	private static ConfigurableApplicationContext uploadingEverySecond() {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("pyroscope.server-address=" + pyroscope.baseUrl(), "pyroscope.upload-interval=1s")
			.run();
	}

	private static boolean hasThisTestsLabels(IngestedProfile upload) {
		return upload.labelContexts().values().stream()
			.anyMatch((labels) -> labels.containsKey("request") || labels.containsKey("step")
					|| labels.equals(Map.of("vehicle", "car")));
	}

	private static List<IngestedProfile> uploads() {
		return IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest"))));
	}

}

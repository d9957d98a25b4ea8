package dev.pyroscopestarter.labels;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.labels.propagation.LabelsTaskDecorator;
import dev.pyroscopestarter.testsupport.Await;
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

/**
 * Every scope opened is closed and released by the agent: after thousands of scopes, some failing, some on reused
 * pool threads, the uploads that follow carry no label context any more.
 */
class LabelScopeLeakTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void scopesAreReleasedAfterTheNextUpload() throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("pyroscope.server-address=" + pyroscope.baseUrl(), "pyroscope.upload-interval=1s")
			.run()) {
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			LabelsTaskDecorator decorator = context.getBean(LabelsTaskDecorator.class);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				for (int i = 0; i < 2000; i++) {
					int n = i;
					Future<?> task = labels.call("request", Integer.toString(n % 50),
							() -> pool.submit(decorator.decorate(() -> labels.run("step", "inner", () -> {
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
			assertThat(LabelStack.openScopes()).isZero();
			int uploadsDuringWork = uploads().size();
			// The next upload reports the closed contexts one last time; the one after it has none of them left.
			// (Label sets fixed in code, such as routes, share constant contexts reported in every upload.)
			Await.until(Duration.ofSeconds(30), "an upload without this test's label contexts",
					() -> uploads().stream().skip(uploadsDuringWork + 1).anyMatch((u) -> !hasThisTestsLabels(u)));
			assertThat(uploads()).as("the scopes were recorded by the agent")
				.anyMatch((u) -> u.labelContexts().values().contains(Map.of("vehicle", "car")));
		}
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

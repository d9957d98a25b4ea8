package dev.pyroscopestarter.internal.profiler;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.ServerProfiles;
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
import static org.awaitility.Awaitility.await;

/**
 * Native memory (malloc) profiling, opt-in: samples of native allocations uploaded, read by the server's rules as a
 * memory profile. The real profiler in a real context, uploading to WireMock.
 */
class NativeMemoryProfilingTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void nativeAllocationsAreSampledWhenAThresholdIsSet() {
		assertThat(mallocSamples(Duration.ofSeconds(30), "pyroscope.profiler.native-memory-threshold=64KB"))
			.isPositive();
	}

	@Test
	void offByDefault() {
		assertThat(mallocSamples(Duration.ofSeconds(3))).isZero();
	}

	private static long mallocSamples(Duration atMost, String... properties) {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		List<ByteBuffer> kept = new ArrayList<>();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.application.name=native-app", "pyroscope.server-address=" + pyroscope.baseUrl(),
					"pyroscope.upload-interval=1s")
			.properties(properties)
			.run()) {
			long deadline = System.nanoTime() + atMost.toNanos();
			while (System.nanoTime() < deadline && ServerProfiles.of(uploads()).total(ServerProfiles.MALLOC, (l) -> true) == 0) {
				// Direct buffers are allocated with malloc.
				for (int i = 0; i < 200; i++) {
					kept.add(ByteBuffer.allocateDirect(64 * 1024));
				}
				kept.clear();
				await().pollDelay(Duration.ofMillis(500)).until(() -> true);
			}
		}
		ServerProfiles server = ServerProfiles.of(uploads());
		assertThat(server.carried()).isZero();
		return server.total(ServerProfiles.MALLOC, Map.of());
	}

	private static List<IngestedProfile> uploads() {
		return IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest"))));
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.export.ingest.UploadFigures;
import dev.pyroscopestarter.testsupport.CpuBurner;
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
import static org.awaitility.Awaitility.await;

/**
 * The real profiler in a real Spring context, uploading to WireMock standing in for Pyroscope.
 */
class ProfilerIntegrationTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final String HOT_CLASS = CpuBurner.class.getName();

	private static final String HOT_METHOD = "burnCpuInHotMethod";

	@Test
	void uploadsJfrWithCpuSamplesOfTheHotMethod() {
		pyroscope.stubFor(post(urlPathEqualTo("/prefix/ingest")).willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = application("pyroscope.upload-interval=1s",
				"pyroscope.labels.region=test-region", "pyroscope.auth-token=t0ken")) {
			PyroscopeProfiler profiler = context.getBean(PyroscopeProfiler.class);
			IngestExporter exporter = context.getBean(IngestExporter.class);
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
			await("an upload with samples of the hot method").atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(200);
				return uploads().stream().anyMatch((p) -> p.samplesIn(HOT_CLASS, HOT_METHOD) > 0);
			});
			IngestedProfile profile = uploads().stream().filter((p) -> p.samplesIn(HOT_CLASS, HOT_METHOD) > 0)
				.findFirst().orElseThrow();
			assertThat(profile.query("name")).startsWith("profiled-app{").contains("region=test-region");
			assertThat(profile.query("format")).isEqualTo("jfr");
			assertThat(profile.query("spyName")).isEqualTo("javaspy");
			assertThat(profile.query("sampleRate")).isEqualTo("100");
			assertThat(profile.header("Authorization")).isEqualTo("Bearer t0ken");
			assertThat(Long.parseLong(profile.query("until"))).isGreaterThanOrEqualTo(Long.parseLong(profile.query("from")));
			UploadFigures figures = exporter.figures();
			assertThat(figures.succeeded()).isGreaterThanOrEqualTo(1);
			assertThat(figures.droppedTotal()).isZero();
		}
	}

	@Test
	void closingTheContextUploadsTheLastPartialWindow() {
		pyroscope.stubFor(post(urlPathEqualTo("/prefix/ingest")).willReturn(aResponse().withStatus(200)));
		ConfigurableApplicationContext context = application("pyroscope.upload-interval=1h");
		PyroscopeProfiler profiler = context.getBean(PyroscopeProfiler.class);
		IngestExporter exporter = context.getBean(IngestExporter.class);
		CpuBurner.burnCpuInHotMethod(1500);
		assertThat(uploads()).as("no window has ended yet").isEmpty();
		context.close();
		// close() returns after the flush: the last window must already be there.
		List<IngestedProfile> uploads = uploads();
		assertThat(uploads).hasSize(1);
		assertThat(uploads.get(0).samplesIn(HOT_CLASS, HOT_METHOD)).isGreaterThan(10);
		assertThat(profiler.status().state()).isEqualTo(ProfilerState.STOPPED);
		assertThat(exporter.figures().succeeded()).isEqualTo(1);
	}

	@Test
	void theProfilerCanStartAgainAfterAStop() {
		pyroscope.stubFor(post(urlPathEqualTo("/prefix/ingest")).willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = application("pyroscope.upload-interval=1s")) {
			PyroscopeProfiler profiler = context.getBean(PyroscopeProfiler.class);
			IngestExporter exporter = context.getBean(IngestExporter.class);
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
			profiler.stop();
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.STOPPED);
			int uploadsAfterStop = uploads().size();
			profiler.start();
			assertThat(profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
			await("an upload with samples after the restart").atMost(Duration.ofSeconds(30)).until(() -> {
				CpuBurner.burnCpuInHotMethod(200);
				return uploads().stream().skip(uploadsAfterStop).anyMatch((p) -> p.samplesIn(HOT_CLASS, HOT_METHOD) > 0);
			});
		}
	}

	private static ConfigurableApplicationContext application(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.application.name=profiled-app",
					"pyroscope.server-address=" + pyroscope.baseUrl() + "/prefix")
			.properties(properties)
			.run();
	}

	private static List<IngestedProfile> uploads() {
		return IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/prefix/ingest"))));
	}

}

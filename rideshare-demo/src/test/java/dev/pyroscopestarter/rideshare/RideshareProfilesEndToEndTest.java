package dev.pyroscopestarter.rideshare;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.Uploads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as README runs it, with its load generator, uploading to WireMock as the Pyroscope server: the decoded
 * profiles must show what the example is about. It runs until the uploads hold enough labelled samples (work
 * counted, not timed): a busy machine makes it slower, not failing.
 */
class RideshareProfilesEndToEndTest {

	private static final long LABELLED_SAMPLES_WANTED = 400;

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@Test
	void carsTakeMoreCpuThanScootersWhichTakeMoreThanBikesAndEveryUploadCarriesTheRegion() throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		Uploads uploads = new Uploads(pyroscope);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RideshareApplication.class).run(
				"--server.port=0", "--REGION=ap-south", "--pyroscope.server-address=" + pyroscope.baseUrl(),
				"--pyroscope.upload-interval=2s", "--spring.main.banner-mode=off")) {
			// Not profiling (another test's agent left running) would otherwise only show at the deadline.
			assertThat(context.getBean(PyroscopeProfiler.class).status().state()).isEqualTo(ProfilerState.RUNNING);
			// About 30 s on an idle machine; the deadline only ends a run that gets nowhere.
			await(LABELLED_SAMPLES_WANTED + " labelled samples").atMost(Duration.ofMinutes(5))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> labelledSamples(uploads.get()) >= LABELLED_SAMPLES_WANTED);
		}
		List<IngestedProfile> all = uploads.get();
		Map<String, Long> byVehicle = byVehicle(all);
		System.out.println("CPU samples by vehicle: " + byVehicle + " in " + all.size() + " uploads");
		assertThat(byVehicle.get("car")).as("car vs scooter " + byVehicle).isGreaterThan(byVehicle.get("scooter"));
		assertThat(byVehicle.get("scooter")).as("scooter vs bike " + byVehicle).isGreaterThan(byVehicle.get("bike"));
		assertThat(byVehicle.get("bike")).isPositive();
		assertThat(all).allSatisfy((upload) -> assertThat(upload.query("name")).startsWith("rideshare{")
			.contains("region=ap-south"));
	}

	private static long labelledSamples(List<IngestedProfile> uploads) {
		return byVehicle(uploads).values().stream().mapToLong(Long::longValue).sum();
	}

	private static Map<String, Long> byVehicle(List<IngestedProfile> uploads) {
		Map<String, Long> total = new TreeMap<>(Map.of("bike", 0L, "scooter", 0L, "car", 0L));
		uploads.forEach((upload) -> upload.samplesByLabel("vehicle").forEach((vehicle, n) -> total.merge(vehicle, n, Long::sum)));
		return total;
	}

}

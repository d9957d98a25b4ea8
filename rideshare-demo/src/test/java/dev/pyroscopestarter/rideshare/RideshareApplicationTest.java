package dev.pyroscopestarter.rideshare;

import dev.pyroscopestarter.config.PyroscopeSettings;
import dev.pyroscopestarter.profiler.ProfilerState;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rideshare.load-generator.enabled=false", "REGION=eu-north" })
class RideshareApplicationTest {

	@LocalServerPort
	int port;

	@Autowired
	PyroscopeProfiler profiler;

	@Test
	void ordersRidesWhileProfilingLocallyWithTheRegionLabel() {
		RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
		assertThat(client.get().uri("/car").retrieve().body(String.class)).isEqualTo("car ordered\n");
		assertThat(client.get().uri("/bike").retrieve().body(String.class)).isEqualTo("bike ordered\n");
		assertThat(this.profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
		PyroscopeSettings settings = this.profiler.settings();
		assertThat(settings.localMode()).isTrue();
		assertThat(settings.applicationName()).isEqualTo("rideshare");
		assertThat(settings.labels()).containsEntry("region", "eu-north").containsKey("service_version");
		assertThat(client.get().uri("/actuator/pyroscope").retrieve().body(String.class))
			.contains("\"state\":\"running\"")
			.contains("\"mode\":\"local\"");
	}

}

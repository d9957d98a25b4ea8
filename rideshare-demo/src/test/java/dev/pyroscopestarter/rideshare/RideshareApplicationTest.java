package dev.pyroscopestarter.rideshare;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

// The context runs the profiler, which is JVM-wide: closed after this class rather than kept in the test
// context cache, where the next test class would find an agent running ("external").
@DirtiesContext
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
		OrderService.Ride car = client.get().uri("/car").retrieve().body(OrderService.Ride.class);
		assertThat(car.vehicle()).isEqualTo("car");
		assertThat(car.region()).isEqualTo("eu-north");
		assertThat(car.priceCents()).as("quoted by the pricing service over HTTP").isEqualTo(900 + 3 * 75);
		OrderService.Ride bike = client.get().uri("/bike").retrieve().body(OrderService.Ride.class);
		assertThat(bike.averagePriceCents()).as("read back from the database").isEqualTo(150 + 75);
		assertThat(this.profiler.status().state()).isEqualTo(ProfilerState.RUNNING);
		AgentSettings settings = this.profiler.agentSettings();
		assertThat(settings.applicationName()).isEqualTo("rideshare");
		assertThat(settings.labels()).containsEntry("region", "eu-north").containsKey("service_version");
		assertThat(client.get().uri("/actuator/pyroscope").retrieve().body(String.class))
			.contains("\"state\":\"running\"")
			.contains("\"mode\":\"local\"");
	}

}

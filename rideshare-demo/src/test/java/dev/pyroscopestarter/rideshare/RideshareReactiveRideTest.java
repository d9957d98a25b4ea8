package dev.pyroscopestarter.rideshare;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's reactive ride shows in the local flame graph under its labels: its search on {@code boundedElastic}
 * and its pricing on the timer thread that delivers the quote carry the route and the vehicle, and nothing of it is
 * found under the blocking rides' labels. Its context, which runs the JVM-wide profiler, is closed after the class
 * rather than kept in the test context cache, where the next test class would find an agent running.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rideshare.load-generator.enabled=false", "pyroscope.upload-interval=1s" })
class RideshareReactiveRideTest {

	@LocalServerPort
	int port;

	@Test
	void aReactiveRideIsLabelledOnTheThreadsItsWorkRunsOn() throws Exception {
		RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
		assertThat(client.get().uri("/reactive/car").retrieve().body(OrderService.Ride.class).vehicle())
			.isEqualTo("car");
		AtomicBoolean running = new AtomicBoolean(true);
		Thread rides = new Thread(() -> {
			while (running.get()) {
				client.get().uri("/reactive/car").retrieve().toBodilessEntity();
				client.get().uri("/bike").retrieve().toBodilessEntity();
			}
		});
		rides.start();
		try {
			// Until the first windows with those rides reach memory (404 before).
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(1))
				.ignoreExceptions()
				.untilAsserted(() -> {
					String labelled = collapsed(client, "vehicle=car&http_route={route}");
					assertThat(labelled).contains("searchReactively").contains("priceReactively");
					assertThat(collapsed(client, "vehicle=bike")).contains("findNearestVehicle")
						.doesNotContain("searchReactively");
				});
		}
		finally {
			running.set(false);
			rides.join(10_000);
		}
	}

	private static String collapsed(RestClient client, String query) {
		String body = client.get()
			.uri("/actuator/pyroscope/collapsed?" + query, "/reactive/{vehicle}")
			.retrieve()
			.body(String.class);
		return (body != null) ? body : "";
	}

}

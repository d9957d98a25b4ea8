package dev.pyroscopestarter.rideshare;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rideshare.pricing.base-url}: the overhead benchmark points the pricing call at its own stub.
 */
class PricingClientTest {

	@Test
	void asksThePricingServiceAtTheConfiguredAddress() throws Exception {
		HttpServer pricing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		AtomicReference<String> asked = new AtomicReference<>();
		pricing.createContext("/", (exchange) -> {
			asked.set(exchange.getRequestURI().toString());
			byte[] body = "1234".getBytes(StandardCharsets.US_ASCII);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		pricing.start();
		try {
			// No application context: with a base URL the client never looks for its own server's port.
			PricingClient client = new PricingClient(RestClient.builder(), null,
					"http://127.0.0.1:" + pricing.getAddress().getPort());
			assertThat(client.quoteCents("car", 3)).isEqualTo(1234);
			assertThat(asked.get()).isEqualTo("/internal/pricing/car?radius=3");
		}
		finally {
			pricing.stop(0);
		}
	}

}

package dev.pyroscopestarter.rideshare;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks the pricing service for a quote over HTTP: an outbound call, as real services make. The pricing service is
 * served by this same application ({@link PricingController}) so that the demo needs nothing else to run.
 */
@Component
class PricingClient {

	private final RestClient.Builder restClientBuilder;

	private final ApplicationContext context;

	private volatile RestClient client;

	PricingClient(RestClient.Builder restClientBuilder, ApplicationContext context) {
		this.restClientBuilder = restClientBuilder;
		this.context = context;
	}

	long quoteCents(String vehicle, int searchRadius) {
		return client().get()
			.uri("/internal/pricing/{vehicle}?radius={radius}", vehicle, searchRadius)
			.retrieve()
			.body(Long.class);
	}

	private RestClient client() {
		RestClient current = this.client;
		if (current == null) {
			int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
			current = this.restClientBuilder.baseUrl("http://127.0.0.1:" + port).build();
			this.client = current;
		}
		return current;
	}

}

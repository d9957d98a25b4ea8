package dev.pyroscopestarter.rideshare;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks the pricing service for a quote over HTTP: an outbound call, as real services make. The pricing service is
 * served by this same application ({@link PricingController}) so that the demo needs nothing else to run, unless
 * {@code rideshare.pricing.base-url} names another (the overhead benchmark's stub, which answers after a delay).
 */
@Component
class PricingClient {

	private final RestClient.Builder restClientBuilder;

	private final ApplicationContext context;

	private final String baseUrl;

	private volatile RestClient client;

	PricingClient(RestClient.Builder restClientBuilder, ApplicationContext context,
			@Value("${rideshare.pricing.base-url:}") String baseUrl) {
		this.restClientBuilder = restClientBuilder;
		this.context = context;
		this.baseUrl = baseUrl;
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
			String url = this.baseUrl;
			if (url.isEmpty()) {
				int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
				url = "http://127.0.0.1:" + port;
			}
			current = this.restClientBuilder.baseUrl(url).build();
			this.client = current;
		}
		return current;
	}

}

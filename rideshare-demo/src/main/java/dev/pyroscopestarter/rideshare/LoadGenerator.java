package dev.pyroscopestarter.rideshare;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Keeps the demo busy: a few threads order random rides from this very application, so that a live profile
 * appears without any other tool. Only loopback is called. Off with {@code rideshare.load-generator.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "rideshare.load-generator.enabled", matchIfMissing = true)
class LoadGenerator implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LoadGenerator.class);

	private static final List<String> RIDES = List.of("/bike", "/scooter", "/car", "/reactive/car");

	private static final int CLIENTS = 2;

	private final RestClient.Builder restClientBuilder;

	private volatile RestClient client;

	private ExecutorService clients;

	private volatile boolean running;

	LoadGenerator(RestClient.Builder restClientBuilder) {
		this.restClientBuilder = restClientBuilder;
	}

	// The web server starts in an earlier lifecycle phase than this generator: its port is known by start().
	@EventListener
	void onWebServerStarted(WebServerInitializedEvent event) {
		this.client = this.restClientBuilder.baseUrl("http://127.0.0.1:" + event.getWebServer().getPort()).build();
	}

	private void orderRides(RestClient client) {
		while (this.running) {
			String ride = RIDES.get(ThreadLocalRandom.current().nextInt(RIDES.size()));
			try {
				client.get().uri(ride).retrieve().toBodilessEntity();
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (this.running) {
					logger.debug("Ride order failed: " + ex.getMessage());
				}
			}
		}
	}

	@Override
	public void start() {
		RestClient rides = this.client;
		if (rides == null) {
			logger.warn("Load generator not started: the web server's port is unknown");
			return;
		}
		this.running = true;
		this.clients = Executors.newFixedThreadPool(CLIENTS, (task) -> {
			Thread thread = new Thread(task, "rideshare-load");
			thread.setDaemon(true);
			return thread;
		});
		for (int i = 0; i < CLIENTS; i++) {
			this.clients.execute(() -> orderRides(rides));
		}
		logger.info("Load generator ordering rides from " + CLIENTS + " clients");
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.clients != null) {
			this.clients.shutdownNow();
			try {
				this.clients.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}

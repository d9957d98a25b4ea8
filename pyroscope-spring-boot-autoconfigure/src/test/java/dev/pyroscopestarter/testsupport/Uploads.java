package dev.pyroscopestarter.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * The profiles uploaded to a WireMock Pyroscope so far, each decoded once: a test polls them while its load runs,
 * until they hold the samples it needs (work counted, not time).
 */
public final class Uploads {

	private final WireMockExtension server;

	private final Map<UUID, IngestedProfile> decoded = new LinkedHashMap<>();

	public Uploads(WireMockExtension server) {
		this.server = server;
	}

	/** Every {@code POST /ingest} received so far, oldest first. */
	public synchronized List<IngestedProfile> get() {
		List<ServeEvent> events = new ArrayList<>(this.server.getAllServeEvents());
		// WireMock lists the newest first.
		for (int i = events.size() - 1; i >= 0; i--) {
			ServeEvent event = events.get(i);
			if ("POST".equals(event.getRequest().getMethod().getName())
					&& event.getRequest().getUrl().startsWith("/ingest") && !this.decoded.containsKey(event.getId())) {
				this.decoded.put(event.getId(), IngestedProfile.of(List.of(event.getRequest())).get(0));
			}
		}
		return List.copyOf(this.decoded.values());
	}

}

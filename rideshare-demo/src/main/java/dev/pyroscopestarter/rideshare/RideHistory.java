package dev.pyroscopestarter.rideshare;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rides are recorded in an embedded database (H2): a second, realistic kind of cost in the flame graph.
 */
@Repository
class RideHistory {

	/** Rows kept, so that the table (and the cost of reading it) stays bounded while the demo runs for hours. */
	private static final int MAX_ROWS = 5_000;

	private final JdbcClient jdbc;

	RideHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void record(String vehicle, String region, long priceCents) {
		this.jdbc.sql("INSERT INTO ride (vehicle, region, price_cents) VALUES (?, ?, ?)")
			.params(vehicle, region, priceCents)
			.update();
		this.jdbc.sql("DELETE FROM ride WHERE id <= (SELECT MAX(id) FROM ride) - ?").param(MAX_ROWS).update();
	}

	long averagePriceCents(String vehicle) {
		return this.jdbc.sql("SELECT COALESCE(AVG(price_cents), 0) FROM ride WHERE vehicle = ?")
			.param(vehicle)
			.query(Long.class)
			.single();
	}

}

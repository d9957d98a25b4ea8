package dev.pyroscopestarter.rideshare;

import dev.pyroscopestarter.labels.ProfileTag;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Orders a ride: finds the nearest vehicle (CPU in proportion to the search radius: bikes are found close by, cars
 * far away), gets a quote from the pricing service over HTTP, and records the ride in the database.
 */
@Service
class OrderService {

	static final int BIKE_SEARCH_RADIUS = 1;

	static final int SCOOTER_SEARCH_RADIUS = 2;

	static final int CAR_SEARCH_RADIUS = 3;

	/** CPU time one unit of search radius costs. */
	private static final long NANOS_PER_RADIUS = 20_000_000L;

	private final PricingClient pricing;

	private final RideHistory history;

	private final DriverAvailability drivers;

	private final String region;

	private volatile long lastResult;

	OrderService(PricingClient pricing, RideHistory history, DriverAvailability drivers,
			@Value("${REGION:us-east}") String region) {
		this.pricing = pricing;
		this.history = history;
		this.drivers = drivers;
		this.region = region;
	}

	/** Everything an order costs, the HTTP call and the database included, carries the {@code vehicle} label. */
	@ProfileTag(key = "vehicle", expression = "#vehicle")
	public Ride order(String vehicle, int searchRadius) {
		findNearestVehicle(searchRadius, vehicle);
		if ("car".equals(vehicle) && !this.drivers.isDriverAvailable()) {
			throw new IllegalStateException("no driver available");
		}
		long price = this.pricing.quoteCents(vehicle, searchRadius);
		this.history.record(vehicle, this.region, price);
		return new Ride(vehicle, this.region, price, this.history.averagePriceCents(vehicle));
	}

	void findNearestVehicle(int searchRadius, String vehicle) {
		long end = System.nanoTime() + searchRadius * NANOS_PER_RADIUS;
		long candidate = vehicle.hashCode();
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1_000; i++) {
				candidate = candidate * 6364136223846793005L + 1442695040888963407L;
			}
		}
		this.lastResult = candidate;
	}

	record Ride(String vehicle, String region, long priceCents, long averagePriceCents) {
	}

}

package dev.pyroscopestarter.rideshare;

import dev.pyroscopestarter.labels.ProfileTag;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Orders a ride: finds the nearest vehicle (CPU in proportion to the search radius: bikes are found close by, cars
 * far away), gets a quote from the pricing service over HTTP, and records the ride in the database.
 * <p>
 * As Pyroscope's example does, the search runs until a deadline. That hides a profiler's cost (a slower search does
 * fewer steps in the same time), so the overhead benchmark sets {@code rideshare.fixed-work.iterations}: then each
 * unit of radius is that many steps, and whatever the profiler adds shows up as CPU time.
 * {@code rideshare.fixed-work.compute-only=true} leaves out the pricing call and the database, for a measure of the
 * search alone.
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

	/** Search steps per unit of radius; 0: search until a deadline, as Pyroscope's example does. */
	private final long iterationsPerRadius;

	private final boolean computeOnly;

	private volatile long lastResult;

	OrderService(PricingClient pricing, RideHistory history, DriverAvailability drivers,
			@Value("${REGION:us-east}") String region,
			@Value("${rideshare.fixed-work.iterations:0}") long iterationsPerRadius,
			@Value("${rideshare.fixed-work.compute-only:false}") boolean computeOnly) {
		this.pricing = pricing;
		this.history = history;
		this.drivers = drivers;
		this.region = region;
		this.iterationsPerRadius = iterationsPerRadius;
		this.computeOnly = computeOnly;
	}

	/** Everything an order costs, the HTTP call and the database included, carries the {@code vehicle} label. */
	@ProfileTag(key = "vehicle", expression = "#vehicle")
	public Ride order(String vehicle, int searchRadius) {
		findNearestVehicle(searchRadius, vehicle);
		if ("car".equals(vehicle) && !this.drivers.isDriverAvailable()) {
			throw new IllegalStateException("no driver available");
		}
		if (this.computeOnly) {
			long price = PricingController.price(vehicle, searchRadius);
			return new Ride(vehicle, this.region, price, price);
		}
		long price = this.pricing.quoteCents(vehicle, searchRadius);
		this.history.record(vehicle, this.region, price);
		return new Ride(vehicle, this.region, price, this.history.averagePriceCents(vehicle));
	}

	void findNearestVehicle(int searchRadius, String vehicle) {
		if (this.iterationsPerRadius > 0) {
			this.lastResult = search(vehicle.hashCode(), searchRadius * this.iterationsPerRadius);
			return;
		}
		long end = System.nanoTime() + searchRadius * NANOS_PER_RADIUS;
		long candidate = vehicle.hashCode();
		while (System.nanoTime() < end) {
			candidate = search(candidate, 1_000);
		}
		this.lastResult = candidate;
	}

	/** One step per candidate: each depends on the last, so none can be skipped or done at once. */
	static long search(long seed, long steps) {
		long candidate = seed;
		for (long i = 0; i < steps; i++) {
			candidate = candidate * 6364136223846793005L + 1442695040888963407L;
		}
		return candidate;
	}

	long lastResult() {
		return this.lastResult;
	}

	record Ride(String vehicle, String region, long priceCents, long averagePriceCents) {
	}

}

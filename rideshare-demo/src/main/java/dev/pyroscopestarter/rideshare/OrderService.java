package dev.pyroscopestarter.rideshare;

import dev.pyroscopestarter.labels.ProfileTag;

import org.springframework.stereotype.Service;

/**
 * Finds the nearest vehicle. The search costs CPU in proportion to its radius: bikes are found close by, cars
 * far away.
 */
@Service
class OrderService {

	static final int BIKE_SEARCH_RADIUS = 1;

	static final int SCOOTER_SEARCH_RADIUS = 2;

	static final int CAR_SEARCH_RADIUS = 3;

	/** CPU time one unit of search radius costs. */
	private static final long NANOS_PER_RADIUS = 20_000_000L;

	private volatile long lastResult;

	@ProfileTag(key = "vehicle", expression = "#vehicle")
	public void findNearestVehicle(int searchRadius, String vehicle) {
		long end = System.nanoTime() + searchRadius * NANOS_PER_RADIUS;
		long candidate = vehicle.hashCode();
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1_000; i++) {
				candidate = candidate * 6364136223846793005L + 1442695040888963407L;
			}
		}
		this.lastResult = candidate;
	}

}

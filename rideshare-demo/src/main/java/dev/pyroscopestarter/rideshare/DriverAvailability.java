package dev.pyroscopestarter.rideshare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Checks that a driver is free before a car is ordered.
 * <p>
 * The deliberate inefficiency to find in the flame graph: in {@code eu-north}, a leftover of a migration ranks every
 * driver of the region on every check ({@link #rankAllDrivers}) instead of looking up the nearest one. Select
 * {@code region=eu-north} and {@code vehicle=car} in Pyroscope to see it stand out.
 */
@Component
class DriverAvailability {

	private static final int DRIVERS = 20_000;

	private final boolean legacyRanking;

	private final List<Driver> drivers = new ArrayList<>();

	DriverAvailability(@Value("${REGION:us-east}") String region) {
		this.legacyRanking = "eu-north".equals(region);
		for (int i = 0; i < DRIVERS; i++) {
			this.drivers.add(new Driver(i, ThreadLocalRandom.current().nextDouble(), ThreadLocalRandom.current().nextDouble()));
		}
	}

	boolean isDriverAvailable() {
		if (this.legacyRanking) {
			return !rankAllDrivers().isEmpty();
		}
		return !this.drivers.isEmpty();
	}

	private List<Driver> rankAllDrivers() {
		List<Driver> ranked = new ArrayList<>(this.drivers);
		ranked.sort(Comparator.comparingDouble((Driver d) -> Math.hypot(d.x() - 0.5, d.y() - 0.5)));
		return ranked;
	}

	private record Driver(int id, double x, double y) {
	}

}

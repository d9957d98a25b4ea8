package dev.pyroscopestarter.rideshare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overhead benchmark's mode: a ride is a fixed number of search steps, not a search until a deadline.
 */
class OrderServiceFixedWorkTest {

	@Test
	void searchesAFixedNumberOfStepsPerUnitOfRadius() {
		// No pricing client and no database: compute-only must not touch them.
		OrderService orders = new OrderService(null, null, new DriverAvailability("us-east"), "us-east", 5_000, true);
		OrderService.Ride car = orders.order("car", OrderService.CAR_SEARCH_RADIUS);
		assertThat(orders.lastResult()).isEqualTo(steps("car".hashCode(), 3 * 5_000));
		assertThat(car.priceCents()).isEqualTo(900 + 3 * 75);
		orders.order("car", OrderService.CAR_SEARCH_RADIUS);
		assertThat(orders.lastResult()).as("the same work every time").isEqualTo(steps("car".hashCode(), 3 * 5_000));
	}

	private static long steps(long seed, int count) {
		long candidate = seed;
		for (int i = 0; i < count; i++) {
			candidate = candidate * 6364136223846793005L + 1442695040888963407L;
		}
		return candidate;
	}

}

package dev.pyroscopestarter.rideshare;

import java.time.Duration;

import dev.pyroscopestarter.labels.ProfileTag;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Orders a ride the reactive way: the vehicle is searched for on Reactor's {@code boundedElastic} scheduler, the
 * quote arrives without holding a thread (a delay standing in for a non-blocking pricing call), and is priced on
 * the thread that delivers it. The {@code vehicle} label covers the work when it runs on those threads, not only
 * the assembly of the {@code Mono}.
 */
@Service
class ReactiveOrderService {

	/** CPU time one unit of search radius costs; as for blocking rides. */
	private static final long NANOS_PER_RADIUS = 20_000_000L;

	private static final Duration PRICING_LATENCY = Duration.ofMillis(20);

	private final String region;

	private volatile long lastResult;

	ReactiveOrderService(@Value("${REGION:us-east}") String region) {
		this.region = region;
	}

	@ProfileTag(key = "vehicle", expression = "#vehicle")
	public Mono<OrderService.Ride> order(String vehicle, int searchRadius) {
		return Mono.fromCallable(() -> searchReactively(searchRadius, vehicle))
			.subscribeOn(Schedulers.boundedElastic())
			.delayElement(PRICING_LATENCY)
			.map((found) -> new OrderService.Ride(vehicle, this.region, priceReactively(searchRadius), 0));
	}

	long searchReactively(int searchRadius, String vehicle) {
		return spin(searchRadius * NANOS_PER_RADIUS, vehicle.hashCode());
	}

	long priceReactively(int searchRadius) {
		return 100 * searchRadius + Math.floorMod(spin(NANOS_PER_RADIUS / 4, searchRadius), 100);
	}

	private long spin(long nanos, long seed) {
		long end = System.nanoTime() + nanos;
		long candidate = seed;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1_000; i++) {
				candidate = candidate * 6364136223846793005L + 1442695040888963407L;
			}
		}
		this.lastResult = candidate;
		return candidate;
	}

}

package dev.pyroscopestarter.rideshare;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The three ride endpoints. Each request is labelled with its route and method by the starter, and each order with
 * its {@code vehicle} ({@link OrderService}), so that the flame graph can be narrowed to one kind of ride.
 */
@RestController
class VehicleController {

	private final OrderService orders;

	VehicleController(OrderService orders) {
		this.orders = orders;
	}

	@GetMapping("/bike")
	OrderService.Ride bike() throws Exception {
		return order("bike", OrderService.BIKE_SEARCH_RADIUS);
	}

	@GetMapping("/scooter")
	OrderService.Ride scooter() throws Exception {
		return order("scooter", OrderService.SCOOTER_SEARCH_RADIUS);
	}

	@GetMapping("/car")
	OrderService.Ride car() throws Exception {
		return order("car", OrderService.CAR_SEARCH_RADIUS);
	}

	private OrderService.Ride order(String vehicle, int searchRadius) {
		return this.orders.order(vehicle, searchRadius);
	}

}

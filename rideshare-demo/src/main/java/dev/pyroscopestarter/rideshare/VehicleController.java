package dev.pyroscopestarter.rideshare;

import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The three ride endpoints. Each order runs under a {@code vehicle} label, so that the flame graph can be narrowed
 * to one kind of ride.
 */
@RestController
class VehicleController {

	private final OrderService orders;

	VehicleController(OrderService orders) {
		this.orders = orders;
	}

	@GetMapping("/bike")
	String bike() {
		return order("bike", OrderService.BIKE_SEARCH_RADIUS);
	}

	@GetMapping("/scooter")
	String scooter() {
		return order("scooter", OrderService.SCOOTER_SEARCH_RADIUS);
	}

	@GetMapping("/car")
	String car() {
		return order("car", OrderService.CAR_SEARCH_RADIUS);
	}

	private String order(String vehicle, int searchRadius) {
		Pyroscope.LabelsWrapper.run(new LabelsSet("vehicle", vehicle),
				() -> this.orders.findNearestVehicle(searchRadius, vehicle));
		return vehicle + " ordered\n";
	}

}

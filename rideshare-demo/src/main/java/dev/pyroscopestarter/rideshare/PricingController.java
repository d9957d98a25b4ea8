package dev.pyroscopestarter.rideshare;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pricing service the rides call over HTTP.
 */
@RestController
class PricingController {

	@GetMapping("/internal/pricing/{vehicle}")
	long quote(@PathVariable String vehicle, @RequestParam int radius) {
		return price(vehicle, radius);
	}

	static long price(String vehicle, int radius) {
		long base = switch (vehicle) {
			case "bike" -> 150;
			case "scooter" -> 300;
			default -> 900;
		};
		return base + 75L * radius;
	}

}

package dev.pyroscopestarter.rideshare;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The three ride endpoints, and their reactive counterpart. Each request is labelled with its route and method by
 * the starter, and each order with its {@code vehicle} ({@link OrderService}, {@link ReactiveOrderService}), so that
 * the flame graph can be narrowed to one kind of ride, or to the reactive ones ({@code http_route=/reactive/{vehicle}}).
 */
@RestController
class VehicleController {

	private final OrderService orders;

	private final ReactiveOrderService reactiveOrders;

	VehicleController(OrderService orders, ReactiveOrderService reactiveOrders) {
		this.orders = orders;
		this.reactiveOrders = reactiveOrders;
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

	/** Spring MVC subscribes to the {@code Mono}; its work runs on Reactor's schedulers, labelled all the way. */
	@GetMapping("/reactive/{vehicle}")
	Mono<OrderService.Ride> reactive(@PathVariable String vehicle) {
		int searchRadius = switch (vehicle) {
			case "bike" -> OrderService.BIKE_SEARCH_RADIUS;
			case "scooter" -> OrderService.SCOOTER_SEARCH_RADIUS;
			case "car" -> OrderService.CAR_SEARCH_RADIUS;
			default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such vehicle");
		};
		return this.reactiveOrders.order(vehicle, searchRadius);
	}

	private OrderService.Ride order(String vehicle, int searchRadius) {
		return this.orders.order(vehicle, searchRadius);
	}

}

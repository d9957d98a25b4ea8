package dev.pyroscopestarter.rideshare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Pyroscope's rideshare example on Spring Boot: order a bike, a scooter or a car, each costing CPU in proportion
 * to how far it searches for the nearest vehicle.
 */
@SpringBootApplication
public class RideshareApplication {

	public static void main(String[] args) {
		SpringApplication.run(RideshareApplication.class, args);
	}

}

package dev.pyroscopestarter.aot;

import dev.pyroscopestarter.labels.ProfileTag;

import org.springframework.stereotype.Service;

/**
 * Labels each ride with its vehicle through an expression over the argument, which a native image can only read
 * with the hints that the starter's AOT processing registers.
 */
@Service
public class RideService {

	@ProfileTag(key = "vehicle", expression = "#order.vehicle")
	public long order(Order order) {
		long hash = order.region().hashCode();
		for (int i = 0; i < 200_000; i++) {
			hash = hash * 31 + i;
		}
		return hash;
	}

}

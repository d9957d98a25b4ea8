package dev.pyroscopestarter.aot;

/**
 * A ride order.
 *
 * @param vehicle what to ride
 * @param region where
 */
public record Order(String vehicle, String region) {
}

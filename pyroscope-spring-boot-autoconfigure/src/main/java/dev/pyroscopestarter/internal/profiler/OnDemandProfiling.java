package dev.pyroscopestarter.internal.profiler;

import java.time.Instant;

/**
 * More profiling switched on by an operator for a while: what, since when, and when it reverts by itself.
 *
 * @param more what is sampled beyond the configured settings
 * @param started when it was switched on
 * @param ends when the profiler goes back to the configured settings
 */
public record OnDemandProfiling(MoreProfiling more, Instant started, Instant ends) {

}

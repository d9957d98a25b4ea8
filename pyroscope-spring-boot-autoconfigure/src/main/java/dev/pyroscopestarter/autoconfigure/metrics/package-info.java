/**
 * Auto-configuration of the profiler's metrics.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;


/**
 * Auto-configuration of the {@code pyroscope} actuator endpoint.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;


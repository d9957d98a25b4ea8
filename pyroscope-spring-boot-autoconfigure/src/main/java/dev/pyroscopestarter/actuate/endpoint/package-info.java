/**
 * The {@code pyroscope} actuator endpoint and its local-mode views.
 */
@NullMarked
package dev.pyroscopestarter.actuate.endpoint;

import org.jspecify.annotations.NullMarked;


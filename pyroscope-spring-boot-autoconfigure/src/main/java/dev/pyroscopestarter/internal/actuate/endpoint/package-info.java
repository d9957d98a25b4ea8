/**
 * The {@code pyroscope} actuator endpoint and its local-mode views.
 */
@NullMarked
package dev.pyroscopestarter.internal.actuate.endpoint;

import org.jspecify.annotations.NullMarked;


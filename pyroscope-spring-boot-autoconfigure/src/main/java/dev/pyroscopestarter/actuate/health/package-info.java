/**
 * The {@code pyroscope} health contributor.
 */
@NullMarked
package dev.pyroscopestarter.actuate.health;

import org.jspecify.annotations.NullMarked;


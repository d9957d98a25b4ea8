/**
 * The {@code pyroscope} health contributor.
 */
@NullMarked
package dev.pyroscopestarter.internal.actuate.health;

import org.jspecify.annotations.NullMarked;


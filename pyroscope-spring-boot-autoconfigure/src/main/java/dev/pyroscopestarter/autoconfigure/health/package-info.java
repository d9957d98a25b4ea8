/**
 * Auto-configuration of the {@code pyroscope} health contributor.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.health;

import org.jspecify.annotations.NullMarked;


/**
 * Auto-configuration of span profiles.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.tracing;

import org.jspecify.annotations.NullMarked;


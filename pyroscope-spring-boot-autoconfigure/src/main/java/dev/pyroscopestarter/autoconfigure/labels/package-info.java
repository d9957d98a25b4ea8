/**
 * Auto-configuration of dynamic labels and of route labels.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.labels;

import org.jspecify.annotations.NullMarked;


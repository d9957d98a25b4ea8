/**
 * Micrometer metrics of uploads and of the local store.
 */
@NullMarked
package dev.pyroscopestarter.internal.actuate.metrics;

import org.jspecify.annotations.NullMarked;


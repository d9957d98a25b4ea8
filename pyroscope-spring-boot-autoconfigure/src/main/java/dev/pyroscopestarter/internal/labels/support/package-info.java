/**
 * The machinery behind dynamic labels: the per-thread label stack, the rules for names and values, the cardinality
 * guard. Internal: application code uses {@code dev.pyroscopestarter.labels}.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels.support;

import org.jspecify.annotations.NullMarked;


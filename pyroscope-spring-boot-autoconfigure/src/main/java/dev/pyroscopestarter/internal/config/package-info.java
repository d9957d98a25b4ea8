/**
 * The {@code PYROSCOPE_*} variables of the official agent as {@code pyroscope.*} properties, and the reports of
 * configuration that cannot work; text helpers the other packages share ({@link dev.pyroscopestarter.internal.config.DurationText},
 * {@link dev.pyroscopestarter.internal.config.Sanitized}).
 */
@NullMarked
package dev.pyroscopestarter.internal.config;

import org.jspecify.annotations.NullMarked;


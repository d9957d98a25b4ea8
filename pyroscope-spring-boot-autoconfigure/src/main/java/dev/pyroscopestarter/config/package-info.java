/**
 * The {@code PYROSCOPE_*} variables of the official agent as {@code pyroscope.*} properties, and the reports of
 * configuration that cannot work.
 */
@NullMarked
package dev.pyroscopestarter.config;

import org.jspecify.annotations.NullMarked;


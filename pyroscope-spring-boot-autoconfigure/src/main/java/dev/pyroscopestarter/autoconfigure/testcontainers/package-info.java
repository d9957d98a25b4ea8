/**
 * Pyroscope connection details from a Testcontainers container annotated with {@code @ServiceConnection}.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;

/**
 * Auto-configuration of the profiler and where its windows go; the {@code pyroscope.*} properties. The only
 * place that reads properties.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure;

import org.jspecify.annotations.NullMarked;


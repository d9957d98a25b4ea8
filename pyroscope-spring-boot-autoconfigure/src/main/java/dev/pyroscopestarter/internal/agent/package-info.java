/**
 * The Pyroscope agent behind a small face: the only package that imports {@code io.pyroscope}. It starts and stops the
 * agent's profiler, hands each window over as a {@link dev.pyroscopestarter.export.ProfileWindow}, and sets the label
 * and span contexts of threads. An agent upgrade is audited here.
 */
@NullMarked
package dev.pyroscopestarter.internal.agent;

import org.jspecify.annotations.NullMarked;


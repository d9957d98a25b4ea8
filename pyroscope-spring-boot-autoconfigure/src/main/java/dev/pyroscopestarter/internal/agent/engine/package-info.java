/**
 * The profiling engine's native face: the one lookup of the agent's async-profiler, and the setters of a thread's
 * contexts that label, span and virtual-thread code share.
 */
@NullMarked
package dev.pyroscopestarter.internal.agent.engine;

import org.jspecify.annotations.NullMarked;

/**
 * Instrumentation of {@code java.lang.VirtualThread} so that the profiler's per-carrier contexts follow virtual
 * threads: a hook class defined in {@code java.lang}, calls to it added to {@code mount()} and {@code unmount()}, and
 * the instrumentation obtained by attaching to the running JVM. Needs Byte Buddy (its agent and its copy of ASM).
 */
@NullMarked
package dev.pyroscopestarter.internal.agent.virtualthreads;

import org.jspecify.annotations.NullMarked;

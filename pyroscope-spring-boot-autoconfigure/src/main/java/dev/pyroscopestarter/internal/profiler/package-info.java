/**
 * The managed profiler: started and stopped with the application context, reporting its state.
 */
@NullMarked
package dev.pyroscopestarter.internal.profiler;

import org.jspecify.annotations.NullMarked;


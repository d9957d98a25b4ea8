/**
 * Local mode: the last minutes of profiles kept in memory.
 */
@NullMarked
package dev.pyroscopestarter.internal.local;

import org.jspecify.annotations.NullMarked;


/**
 * Where profiling windows go: the {@link dev.pyroscopestarter.export.ProfileExporter} contract.
 */
@NullMarked
package dev.pyroscopestarter.internal.export;

import org.jspecify.annotations.NullMarked;


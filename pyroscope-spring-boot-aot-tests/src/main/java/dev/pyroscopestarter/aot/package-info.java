/**
 * An application using the starter, for the Spring AOT tests.
 */
@NullMarked
package dev.pyroscopestarter.aot;

import org.jspecify.annotations.NullMarked;

/**
 * Labels that follow work onto other threads: a task decorator and a context-propagation accessor.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels.propagation;

import org.jspecify.annotations.NullMarked;


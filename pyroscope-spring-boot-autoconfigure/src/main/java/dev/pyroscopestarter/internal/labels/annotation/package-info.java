/**
 * The aspect behind {@code @ProfileTag}.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels.annotation;

import org.jspecify.annotations.NullMarked;


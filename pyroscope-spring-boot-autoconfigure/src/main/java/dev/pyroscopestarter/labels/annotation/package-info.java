/**
 * The aspect behind {@code @ProfileTag}.
 */
@NullMarked
package dev.pyroscopestarter.labels.annotation;

import org.jspecify.annotations.NullMarked;


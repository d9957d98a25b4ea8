/**
 * Views of the profiles kept in local mode: flame graphs and collapsed stacks, filtered by label.
 */
@NullMarked
package dev.pyroscopestarter.internal.local.view;

import org.jspecify.annotations.NullMarked;


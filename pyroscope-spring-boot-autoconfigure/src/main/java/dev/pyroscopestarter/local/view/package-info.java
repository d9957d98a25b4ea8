/**
 * Views of the profiles kept in local mode: flame graphs and collapsed stacks, filtered by label.
 */
@NullMarked
package dev.pyroscopestarter.local.view;

import org.jspecify.annotations.NullMarked;


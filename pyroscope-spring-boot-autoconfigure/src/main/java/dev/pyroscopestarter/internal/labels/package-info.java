/**
 * Dynamic labels for application code: {@link dev.pyroscopestarter.labels.ProfileTag @ProfileTag}, the
 * {@link dev.pyroscopestarter.labels.ProfilingLabels} API and {@link dev.pyroscopestarter.labels.LabelScope}.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels;

import org.jspecify.annotations.NullMarked;


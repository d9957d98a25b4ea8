/**
 * Span profiles: samples stamped with the span in scope, through Micrometer Tracing's OpenTelemetry and Brave
 * bridges.
 */
@NullMarked
package dev.pyroscopestarter.internal.tracing;

import org.jspecify.annotations.NullMarked;


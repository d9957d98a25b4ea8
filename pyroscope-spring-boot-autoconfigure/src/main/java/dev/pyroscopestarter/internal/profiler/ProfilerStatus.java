package dev.pyroscopestarter.internal.profiler;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The profiler's state at one moment.
 *
 * @param state the state
 * @param reason why it failed, or null
 * @param since when it entered that state
 */
public record ProfilerStatus(ProfilerState state, @Nullable String reason, Instant since) {

}

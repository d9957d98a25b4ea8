/**
 * Uploads to a Pyroscope server's ingest API, in parts: a bounded queue and its thread, a sender making one
 * attempt, a backoff policy, and the figures and log of what happened.
 */
@NullMarked
package dev.pyroscopestarter.internal.export.ingest;

import org.jspecify.annotations.NullMarked;


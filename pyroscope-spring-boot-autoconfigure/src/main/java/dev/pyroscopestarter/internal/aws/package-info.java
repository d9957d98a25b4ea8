/**
 * Pyroscope credentials from AWS Secrets Manager: re-read when the server refuses them.
 */
@NullMarked
package dev.pyroscopestarter.internal.aws;

import org.jspecify.annotations.NullMarked;


/**
 * Auto-configuration of credentials from AWS Secrets Manager.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.aws;

import org.jspecify.annotations.NullMarked;


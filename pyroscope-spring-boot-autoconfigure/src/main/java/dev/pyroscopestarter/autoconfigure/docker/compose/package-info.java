/**
 * Pyroscope connection details from a service that Spring Boot's Docker Compose support started.
 */
@NullMarked
package dev.pyroscopestarter.autoconfigure.docker.compose;

import org.jspecify.annotations.NullMarked;

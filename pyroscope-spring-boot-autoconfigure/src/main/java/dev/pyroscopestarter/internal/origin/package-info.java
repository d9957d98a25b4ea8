/**
 * Where a profile comes from: the platform the JVM runs on (ECS task metadata, the Kubernetes Pod), the source code
 * it was built from (Spring Boot's git info), and whether this instance is in the profiled share of its fleet.
 * Nothing here fails startup: a source that cannot be read adds no labels.
 */
@NullMarked
package dev.pyroscopestarter.internal.origin;

import org.jspecify.annotations.NullMarked;

/**
 * Route, method and header labels of Spring WebFlux requests, applied where the handler is invoked and taken
 * along to Reactor's schedulers.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels.web.reactive;

import org.jspecify.annotations.NullMarked;

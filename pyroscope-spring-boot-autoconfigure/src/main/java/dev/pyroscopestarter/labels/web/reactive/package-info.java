/**
 * Route, method and header labels of Spring WebFlux requests, carried by the request's Reactor context.
 */
@NullMarked
package dev.pyroscopestarter.labels.web.reactive;

import org.jspecify.annotations.NullMarked;

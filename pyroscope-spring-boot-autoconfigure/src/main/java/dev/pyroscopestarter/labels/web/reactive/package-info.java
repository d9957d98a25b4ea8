/**
 * Route, method and header labels of Spring WebFlux requests, applied where the request is subscribed and taken
 * along to Reactor's schedulers.
 */
@NullMarked
package dev.pyroscopestarter.labels.web.reactive;

import org.jspecify.annotations.NullMarked;

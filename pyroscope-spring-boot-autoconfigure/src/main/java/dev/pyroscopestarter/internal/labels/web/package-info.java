/**
 * What Spring MVC's and WebFlux's route labels share: the label sets of a route and method, and the request headers
 * read as labels.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels.web;

import org.jspecify.annotations.NullMarked;

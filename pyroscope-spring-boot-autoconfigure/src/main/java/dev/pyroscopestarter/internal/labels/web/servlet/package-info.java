/**
 * Route, method and header labels of Spring MVC requests.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels.web.servlet;

import org.jspecify.annotations.NullMarked;


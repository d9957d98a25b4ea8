/**
 * Labels on Reactor chains: a {@code Mono} or {@code Flux} labelled for the work done when it is subscribed and
 * runs, on whichever threads its pieces run.
 */
@NullMarked
package dev.pyroscopestarter.internal.labels.reactor;

import org.jspecify.annotations.NullMarked;

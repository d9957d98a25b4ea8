package dev.pyroscopestarter.labels.reactor;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Labels a {@code Mono} or a {@code Flux}: the reactive counterpart of
 * {@link dev.pyroscopestarter.labels.ProfilingLabels}. The labels apply to the work done when the publisher is
 * subscribed and runs, on whichever threads its pieces run (the event loop, {@code boundedElastic}, a timer), and
 * only while they run: each thread gets its own labels back when a piece yields. The starter declares a bean of
 * this type when Reactor is on the class path.
 *
 * <pre>{@code
 * Mono<Ride> ride = labels.label(dispatch(order), "vehicle", order.vehicle());
 * }</pre>
 *
 * The labels merge onto those of the subscriber's Reactor {@code Context} (a WebFlux request's) or, without any,
 * onto those of the subscribing thread. They apply while the publisher is subscribed and while signals cross it,
 * and to work it hands to Reactor's schedulers (through a schedule hook the starter registers). Names, values and
 * the cardinality guard work as with the blocking API.
 */
public interface ReactiveLabels {

	/** {@code source} with one more label. */
	<T> Mono<T> label(Mono<T> source, String name, @Nullable String value);

	/** {@code source} with more labels. */
	<T> Mono<T> label(Mono<T> source, Map<String, String> labels);

	/** {@code source} with one more label. */
	<T> Flux<T> label(Flux<T> source, String name, @Nullable String value);

	/** {@code source} with more labels. */
	<T> Flux<T> label(Flux<T> source, Map<String, String> labels);

	/**
	 * {@code source}, whose signals go on with the labels of its subscriber (those in its Reactor context, a
	 * WebFlux request's) on whichever thread they arrive. For a call whose response arrives on a thread no Reactor
	 * scheduler runs (a {@code WebClient} response on a Netty event loop, a future completed by another pool):
	 * what follows it then runs with the labels again.
	 */
	<T> Mono<T> resume(Mono<T> source);

	/** {@code source}, whose signals go on with the labels of its subscriber ({@link #resume(Mono)}). */
	<T> Flux<T> resume(Flux<T> source);

}

package dev.pyroscopestarter.labels.reactor;

import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.pyroscopestarter.labels.support.LabelRules;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.support.LabelStack;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Labels a {@code Mono} or a {@code Flux}: the reactive counterpart of
 * {@link dev.pyroscopestarter.labels.ProfilingLabels}. The labels apply to the work done when the publisher is
 * subscribed and runs, on whichever threads its pieces run (the event loop, {@code boundedElastic}, a timer), and
 * only while they run: each thread gets its own labels back when a piece yields.
 *
 * <pre>{@code
 * Mono<Ride> ride = labels.label(dispatch(order), "vehicle", order.vehicle());
 * }</pre>
 *
 * The labels merge onto those of the subscriber's Reactor {@code Context} (a WebFlux request's) or, without any,
 * onto those of the subscribing thread. They apply while the publisher is subscribed and while signals cross it
 * ({@link LabelledSubscriber}), and to work it hands to Reactor's schedulers ({@link LabelsScheduleHook}, which the
 * starter registers). Names, values and the cardinality guard work as with the blocking API.
 */
public final class ReactiveLabels {

	private final LabelStack stack;

	private final LabelRules rules;

	public ReactiveLabels(LabelStack stack, LabelRules rules) {
		this.stack = stack;
		this.rules = rules;
	}

	/** {@code source} with one more label. */
	public <T> Mono<T> label(Mono<T> source, String name, @Nullable String value) {
		LabelSet added = single(name, value);
		return label(source, (outer) -> outer.with(added));
	}

	/** {@code source} with more labels. */
	public <T> Mono<T> label(Mono<T> source, Map<String, String> labels) {
		return label(source, adding(labels));
	}

	/** {@code source} with one more label. */
	public <T> Flux<T> label(Flux<T> source, String name, @Nullable String value) {
		LabelSet added = single(name, value);
		return label(source, (outer) -> outer.with(added));
	}

	/** {@code source} with more labels. */
	public <T> Flux<T> label(Flux<T> source, Map<String, String> labels) {
		return label(source, adding(labels));
	}

	/** {@code source} with the labels {@code merge} makes of the outer ones, applied to each subscription. */
	public <T> Mono<T> label(Mono<T> source, UnaryOperator<LabelSet> merge) {
		return new LabelledMono<>(source, this.stack, merge);
	}

	/** {@code source} with the labels {@code merge} makes of the outer ones, applied to each subscription. */
	public <T> Flux<T> label(Flux<T> source, UnaryOperator<LabelSet> merge) {
		return new LabelledFlux<>(source, this.stack, merge);
	}

	/**
	 * {@code source}, whose signals go on with the labels of its subscriber (those in its Reactor context, a
	 * WebFlux request's) on whichever thread they arrive. For a call whose response arrives on a thread no Reactor
	 * scheduler runs (a {@code WebClient} response on a Netty event loop, a future completed by another pool):
	 * what follows it then runs with the labels again.
	 */
	public <T> Mono<T> resume(Mono<T> source) {
		return label(source, UnaryOperator.identity());
	}

	/** {@code source}, whose signals go on with the labels of its subscriber ({@link #resume(Mono)}). */
	public <T> Flux<T> resume(Flux<T> source) {
		return label(source, UnaryOperator.identity());
	}

	/**
	 * A {@code Mono} or {@code Flux} with labels applied to each subscription; anything else as it is. For methods
	 * whose result is a publisher, labelled for the work done when it runs rather than for its assembly.
	 */
	public @Nullable Object labelResult(@Nullable Object result, UnaryOperator<LabelSet> merge) {
		if (result instanceof Mono<?> mono) {
			return label(mono, merge);
		}
		if (result instanceof Flux<?> flux) {
			return label(flux, merge);
		}
		return result;
	}

	/** Whether {@link #labelResult} labels results of this declared type. */
	public static boolean labelsResultsOf(Class<?> type) {
		return Mono.class.isAssignableFrom(type) || Flux.class.isAssignableFrom(type);
	}

	private LabelSet single(String name, @Nullable String value) {
		LabelSet label = this.rules.guard().admittedSet(name, value);
		if (label == null) {
			LabelRules.checkName(name);
			label = this.rules.dynamicLabel(name, value);
		}
		return (label != null) ? label : LabelSet.EMPTY;
	}

	private UnaryOperator<LabelSet> adding(Map<String, String> labels) {
		String[] names = labels.keySet().toArray(new String[0]);
		Arrays.sort(names);
		@Nullable String[] values = new String[names.length];
		for (String name : names) {
			LabelRules.checkName(name);
		}
		for (int i = 0; i < names.length; i++) {
			values[i] = this.rules.dynamicValue(names[i], labels.get(names[i]));
		}
		return (outer) -> outer.with(names, values);
	}

}

package dev.pyroscopestarter.internal.labels.reactor;

import java.util.Map;
import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.reactor.ReactiveLabels;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The starter's {@link ReactiveLabels}: publishers wrapped in the starter's operator ({@link LabelledMono},
 * {@link LabelledFlux}), with names and values admitted by {@link LabelRules} as for the blocking API. The
 * {@code @ProfileTag} interceptor labels publisher-returning methods through the same instance.
 */
public final class DefaultReactiveLabels implements ReactiveLabels {

	private final LabelStack stack;

	private final LabelRules rules;

	public DefaultReactiveLabels(LabelStack stack, LabelRules rules) {
		this.stack = stack;
		this.rules = rules;
	}

	@Override
	public <T> Mono<T> label(Mono<T> source, String name, @Nullable String value) {
		LabelSet added = this.rules.admit(name, value);
		return label(source, (outer) -> outer.with(added));
	}

	@Override
	public <T> Mono<T> label(Mono<T> source, Map<String, String> labels) {
		return label(source, adding(labels));
	}

	@Override
	public <T> Flux<T> label(Flux<T> source, String name, @Nullable String value) {
		LabelSet added = this.rules.admit(name, value);
		return label(source, (outer) -> outer.with(added));
	}

	@Override
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

	@Override
	public <T> Mono<T> resume(Mono<T> source) {
		return label(source, UnaryOperator.identity());
	}

	@Override
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


	private UnaryOperator<LabelSet> adding(Map<String, String> labels) {
		LabelRules.Admitted admitted = this.rules.admit(labels);
		return (outer) -> outer.with(admitted.names(), admitted.values());
	}

}

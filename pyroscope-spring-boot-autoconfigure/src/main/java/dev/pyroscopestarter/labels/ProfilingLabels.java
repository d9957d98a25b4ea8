package dev.pyroscopestarter.labels;

import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

/**
 * Labels a piece of work for the profiler, in the spirit of Pyroscope's {@code tag_wrapper}: CPU spent while the
 * labels apply can be selected by them in Pyroscope. Labels merge with the ones already applying on the thread
 * (the new value wins for the same name), and the outer labels come back when the work ends, also when it throws.
 *
 * <pre>{@code
 * labels.run("vehicle", order.vehicle(), () -> dispatch(order));
 *
 * try (LabelScope scope = labels.open(Map.of("tenant", tenantId))) {
 *     process(batch);
 * }
 * }</pre>
 *
 * Names: letters, digits and {@code _}; an invalid name throws {@link IllegalArgumentException} before anything
 * changes. Values are cut to {@code pyroscope.dynamic-labels.max-value-length}, a null or blank value adds no label, and
 * values count against the cardinality guard. Scopes must be closed on the thread that opened them.
 * <p>
 * The starter provides a bean; with profiling off it only runs the work.
 */
public interface ProfilingLabels {

	/** Applies one more label until the returned scope is closed. */
	LabelScope open(String name, @Nullable String value);

	/** Applies more labels until the returned scope is closed. */
	LabelScope open(Map<String, String> labels);

	/** The labels applying to the current thread, sorted by name; empty outside any scope. */
	Map<String, String> current();

	default void run(String name, @Nullable String value, Runnable task) {
		try (LabelScope scope = open(name, value)) {
			task.run();
		}
	}

	default void run(Map<String, String> labels, Runnable task) {
		try (LabelScope scope = open(labels)) {
			task.run();
		}
	}

	default <T> T call(String name, @Nullable String value, Callable<T> task) throws Exception {
		try (LabelScope scope = open(name, value)) {
			return task.call();
		}
	}

	default <T> T call(Map<String, String> labels, Callable<T> task) throws Exception {
		try (LabelScope scope = open(labels)) {
			return task.call();
		}
	}

}

package dev.pyroscopestarter.labels;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

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
 * changes. Values are cut to {@code pyroscope.tags.max-value-length}, a null or blank value adds no label, and
 * values count against the cardinality guard. Scopes must be closed on the thread that opened them.
 */
public class ProfilingLabels {

	private final LabelRules rules;

	public ProfilingLabels(LabelRules rules) {
		this.rules = rules;
	}

	/** Applies one more label until the returned scope is closed. */
	public LabelScope open(String name, String value) {
		LabelSet label = this.rules.guard().admittedSet(name, value);
		if (label == null) {
			LabelRules.checkName(name);
			label = this.rules.dynamicLabel(name, value);
		}
		return LabelStack.enterMerged((label != null) ? label : LabelSet.EMPTY);
	}

	/** Applies more labels until the returned scope is closed. */
	public LabelScope open(Map<String, String> labels) {
		String[] names = labels.keySet().toArray(new String[0]);
		Arrays.sort(names);
		String[] values = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			LabelRules.checkName(names[i]);
		}
		for (int i = 0; i < names.length; i++) {
			values[i] = this.rules.dynamicValue(names[i], labels.get(names[i]));
		}
		return LabelStack.enterMerged(names, values);
	}

	public void run(String name, String value, Runnable task) {
		try (LabelScope scope = open(name, value)) {
			task.run();
		}
	}

	public void run(Map<String, String> labels, Runnable task) {
		try (LabelScope scope = open(labels)) {
			task.run();
		}
	}

	public <T> T call(String name, String value, Callable<T> task) throws Exception {
		try (LabelScope scope = open(name, value)) {
			return task.call();
		}
	}

	public <T> T call(Map<String, String> labels, Callable<T> task) throws Exception {
		try (LabelScope scope = open(labels)) {
			return task.call();
		}
	}

	/** The labels applying to the current thread. */
	public LabelSet current() {
		return LabelStack.current();
	}

	public LabelRules rules() {
		return this.rules;
	}

}

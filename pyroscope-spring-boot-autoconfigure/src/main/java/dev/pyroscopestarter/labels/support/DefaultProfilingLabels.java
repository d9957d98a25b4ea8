package dev.pyroscopestarter.labels.support;

import java.util.Arrays;
import java.util.Map;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfilingLabels;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ProfilingLabels} API on the {@link LabelStack}: names checked, values fitted and admitted by the
 * cardinality guard, then merged onto the current thread's labels.
 */
public class DefaultProfilingLabels implements ProfilingLabels {

	private final LabelStack stack;

	private final LabelRules rules;

	/**
	 * @param stack the label stack of the threads
	 * @param rules what names and values may be
	 */
	public DefaultProfilingLabels(LabelStack stack, LabelRules rules) {
		this.stack = stack;
		this.rules = rules;
	}

	@Override
	public LabelScope open(String name, @Nullable String value) {
		LabelSet label = this.rules.guard().admittedSet(name, value);
		if (label == null) {
			LabelRules.checkName(name);
			label = this.rules.dynamicLabel(name, value);
		}
		return this.stack.enterMerged((label != null) ? label : LabelSet.EMPTY);
	}

	@Override
	public LabelScope open(Map<String, String> labels) {
		String[] names = labels.keySet().toArray(new String[0]);
		Arrays.sort(names);
		@Nullable String[] values = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			LabelRules.checkName(names[i]);
		}
		for (int i = 0; i < names.length; i++) {
			values[i] = this.rules.dynamicValue(names[i], labels.get(names[i]));
		}
		return this.stack.enterMerged(names, values);
	}

	@Override
	public Map<String, String> current() {
		return this.stack.current().asMap();
	}

}

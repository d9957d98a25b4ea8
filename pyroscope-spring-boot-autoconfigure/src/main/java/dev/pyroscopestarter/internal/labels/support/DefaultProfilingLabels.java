package dev.pyroscopestarter.internal.labels.support;

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
		return this.stack.enterMerged(this.rules.admit(name, value));
	}

	@Override
	public LabelScope open(Map<String, String> labels) {
		LabelRules.Admitted admitted = this.rules.admit(labels);
		return this.stack.enterMerged(null, admitted.names(), admitted.values());
	}

	@Override
	public Map<String, String> current() {
		return this.stack.current().asMap();
	}

}

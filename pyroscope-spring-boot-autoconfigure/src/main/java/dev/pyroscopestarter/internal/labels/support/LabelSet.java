package dev.pyroscopestarter.internal.labels.support;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.NativeLabels;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of dynamic labels, sorted by name. Merging returns a new set in which the added labels win;
 * the agent's form of the set is built once and reused by every scope that applies it.
 */
public final class LabelSet extends PreparedLabels {

	/** No labels. */
	public static final LabelSet EMPTY = new LabelSet(new String[0], new String[0], true);

	private final String[] names;

	private final String[] values;

	/** Whether every value was fixed in code: such sets are few, and share one agent context each. */
	private final boolean fixed;

	/**
	 * Scopes after which a set of dynamic values shares a constant context too. Only sets reused across scopes get
	 * there: the guard's single-label sets of the current upload window, one per admitted value, so it takes a value
	 * applied this often in one window (a hot value, never a request id) to become constant.
	 */
	public static final int HOT_AFTER_USES = 100;

	private volatile @Nullable NativeLabels nativeLabels;

	/** The constant context id of this set, once known (-1: not yet; 0: none, over the cap). */
	private volatile long constantId = -1;

	/** Scopes of a dynamic set so far; racy on purpose, a lost update only delays the switch. */
	private int uses;

	private LabelSet(String[] names, String[] values, boolean fixed) {
		this.names = names;
		this.values = values;
		this.fixed = fixed;
	}

	/**
	 * A set from already checked labels.
	 * @param labels label name to value; names must be distinct, values not null
	 */
	public static LabelSet of(Map<String, String> labels) {
		if (labels.isEmpty()) {
			return EMPTY;
		}
		String[] names = labels.keySet().toArray(new String[0]);
		Arrays.sort(names);
		String[] values = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			values[i] = Objects.requireNonNull(labels.get(names[i]), "label values must not be null");
		}
		return new LabelSet(names, values, false);
	}

	/** A set of one label with a dynamic value. */
	static LabelSet single(String name, String value) {
		return new LabelSet(new String[] { name }, new String[] { value }, false);
	}

	@Override
	public LabelSet onto(LabelSet outer) {
		return outer.with(this);
	}

	/** This set with all labels of {@code added} (a set of dynamic values) added, replacing same names. */
	public LabelSet with(LabelSet added) {
		return isEmpty() ? added : with(added.names, added.values, added.fixed);
	}

	/**
	 * This set with the given dynamic labels added, replacing values of the same names.
	 * @param addedNames names sorted, distinct and checked
	 * @param addedValues values fitted and admitted ({@link LabelRules}); a null value adds nothing for that name
	 */
	public LabelSet with(String[] addedNames, @Nullable String[] addedValues) {
		return with(addedNames, addedValues, false);
	}

	/**
	 * This set with the given labels added, replacing values of the same names.
	 * @param addedNames names sorted and distinct
	 * @param addedValues values by position; a null value adds nothing for that name
	 * @param addedFixed whether the added values are fixed in code
	 */
	LabelSet with(String[] addedNames, @Nullable String[] addedValues, boolean addedFixed) {
		String[] mergedNames = new String[this.names.length + addedNames.length];
		String[] mergedValues = new String[mergedNames.length];
		int i = 0;
		int j = 0;
		int n = 0;
		boolean changed = false;
		while (i < this.names.length || j < addedNames.length) {
			int order = (i == this.names.length) ? 1
					: (j == addedNames.length) ? -1 : this.names[i].compareTo(addedNames[j]);
			if (order < 0) {
				mergedNames[n] = this.names[i];
				mergedValues[n++] = this.values[i++];
				continue;
			}
			String added = addedValues[j];
			if (added == null) {
				// Nothing to add for this name: keep the outer value, if any.
				if (order == 0) {
					mergedNames[n] = this.names[i];
					mergedValues[n++] = this.values[i++];
				}
				j++;
			}
			else {
				changed |= (order > 0) || !this.values[i].equals(added);
				mergedNames[n] = addedNames[j++];
				mergedValues[n++] = added;
				if (order == 0) {
					i++;
				}
			}
		}
		if (!changed) {
			return this;
		}
		return new LabelSet((n == mergedNames.length) ? mergedNames : Arrays.copyOf(mergedNames, n),
				(n == mergedValues.length) ? mergedValues : Arrays.copyOf(mergedValues, n), this.fixed && addedFixed);
	}

	/**
	 * The shared agent context of this set, called once per scope that applies it; 0 while it takes a context per
	 * scope. A fixed set has one from its first scope; a set of dynamic values once it is hot (see
	 * {@link #HOT_AFTER_USES}): a shared context saves registering, and later forgetting, one per scope.
	 */
	long constantContextId(NativeContexts contexts) {
		long id = this.constantId;
		if (id >= 0) {
			return id;
		}
		if (!this.fixed && ++this.uses < HOT_AFTER_USES) {
			return 0;
		}
		id = contexts.constantId(this, nativeLabels(), !this.fixed);
		this.constantId = id;
		return id;
	}

	public boolean isEmpty() {
		return this.names.length == 0;
	}

	public int size() {
		return this.names.length;
	}

	/** The value of a label, or null. */
	public @Nullable String get(String name) {
		int index = Arrays.binarySearch(this.names, name);
		return (index >= 0) ? this.values[index] : null;
	}

	/** The labels as an unmodifiable map, sorted by name. */
	public Map<String, String> asMap() {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < this.names.length; i++) {
			map.put(this.names[i], this.values[i]);
		}
		return Collections.unmodifiableMap(map);
	}

	NativeLabels nativeLabels() {
		NativeLabels labels = this.nativeLabels;
		if (labels == null) {
			String[] pairs = new String[this.names.length * 2];
			for (int i = 0; i < this.names.length; i++) {
				pairs[2 * i] = this.names[i];
				pairs[2 * i + 1] = this.values[i];
			}
			labels = new NativeLabels(pairs);
			this.nativeLabels = labels;
		}
		return labels;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof LabelSet that) && Arrays.equals(this.names, that.names)
				&& Arrays.equals(this.values, that.values);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.names) + Arrays.hashCode(this.values);
	}

	@Override
	public String toString() {
		return asMap().toString();
	}

}

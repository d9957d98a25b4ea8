package dev.pyroscopestarter.internal.labels.support;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Admits at most a given number of distinct values per label key in each upload window; further values are
 * replaced by one overflow value and counted, so that a raw id used as a label cannot create a series per id on
 * the server. Windows end when the profiler hands over a profile ({@link #startNewWindow()}), or, when it does
 * not say, after {@code fallbackWindow}.
 */
public final class CardinalityGuard {

	private static final Log logger = LogFactory.getLog(CardinalityGuard.class);

	private final int maxValuesPerKey;

	private final String overflowValue;

	private final long fallbackWindowNanos;

	private final LongSupplier nanoClock;

	private final Map<String, LongAdder> overflows = new ConcurrentHashMap<>();

	private volatile Window window;

	public CardinalityGuard(int maxValuesPerKey, String overflowValue, Duration fallbackWindow) {
		this(maxValuesPerKey, overflowValue, fallbackWindow, System::nanoTime);
	}

	CardinalityGuard(int maxValuesPerKey, String overflowValue, Duration fallbackWindow, LongSupplier nanoClock) {
		this.maxValuesPerKey = maxValuesPerKey;
		this.overflowValue = overflowValue;
		this.fallbackWindowNanos = fallbackWindow.toNanos();
		this.nanoClock = nanoClock;
		this.window = new Window(nanoClock.getAsLong());
	}

	/** The value to apply for {@code name}: {@code value} itself, or the overflow value once the window is full. */
	public String admit(String name, String value) {
		Window current = this.window;
		Values values = current.values(name);
		if (values.contains(value)) {
			return value;
		}
		if (this.nanoClock.getAsLong() - current.startedNanos > this.fallbackWindowNanos) {
			startNewWindow();
			current = this.window;
			values = current.values(name);
		}
		if (values.tryAdd(value, this.maxValuesPerKey)) {
			return value;
		}
		overflowed(name);
		return this.overflowValue;
	}

	/** Starts a new upload window: every name may take new values again. */
	public void startNewWindow() {
		this.window = new Window(this.nanoClock.getAsLong());
	}

	public int maxValuesPerKey() {
		return this.maxValuesPerKey;
	}

	public String overflowValue() {
		return this.overflowValue;
	}

	/** How many times a value was replaced by the overflow value, by label key, since startup. */
	public Map<String, Long> overflowCounts() {
		Map<String, Long> counts = new TreeMap<>();
		this.overflows.forEach((name, count) -> counts.put(name, count.sum()));
		return counts;
	}

	private void overflowed(String name) {
		LongAdder count = this.overflows.get(name);
		if (count == null) {
			count = this.overflows.computeIfAbsent(name, (key) -> {
				logger.warn("Pyroscope label '" + key + "' took more than " + this.maxValuesPerKey + " distinct values "
						+ "in one upload window; further values are sent as '" + this.overflowValue + "'. A raw id makes "
						+ "a poor label: each value is a series on the server. Raise "
						+ "pyroscope.dynamic-labels.cardinality.max-values-per-key if these values are expected.");
				return new LongAdder();
			});
		}
		count.increment();
	}

	private static final class Window {

		private final long startedNanos;

		private final Map<String, Values> byName = new ConcurrentHashMap<>();

		Window(long startedNanos) {
			this.startedNanos = startedNanos;
		}

		Values values(String name) {
			Values values = this.byName.get(name);
			return (values != null) ? values : this.byName.computeIfAbsent(name, Values::new);
		}

	}

	/**
	 * The single-label set for {@code name=value} when this window already admitted exactly that value (so the
	 * name was checked and the value fitted before), else null. The fast path of the API.
	 */
	public @Nullable LabelSet admittedSet(String name, @Nullable String value) {
		Values values = this.window.byName.get(name);
		return (values != null && values.validName && value != null) ? values.admitted.get(value) : null;
	}

	/**
	 * The single-label set {@code name=value} for a value the guard admits (or the overflow value), shared while
	 * the window lasts: a label scope with just this label, the common case, then allocates no label set.
	 */
	public LabelSet admitAsSet(String name, String value) {
		Window current = this.window;
		Values values = current.values(name);
		LabelSet set = values.admitted.get(value);
		if (set != null) {
			return set;
		}
		String admitted = admit(name, value);
		values = this.window.values(name);
		LabelSet admittedSet = values.admitted.get(admitted);
		if (admittedSet == null) {
			// The overflow value, or a window that just ended.
			admittedSet = values.overflow(name, admitted);
		}
		return admittedSet;
	}

	private static final class Values {

		/** Admitted values, each with its single-label set (made on first use). */
		private final Map<String, LabelSet> admitted = new ConcurrentHashMap<>();

		private final AtomicInteger count = new AtomicInteger();

		private volatile @Nullable LabelSet overflowSet;

		private final String name;

		/** Whether the name is a valid label name: only then may the API skip checking it. */
		private final boolean validName;

		Values(String name) {
			this.name = name;
			this.validName = LabelRules.problemWithName(name) == null;
		}

		boolean contains(String value) {
			return this.admitted.containsKey(value);
		}

		boolean tryAdd(String value, int max) {
			if (this.count.incrementAndGet() <= max) {
				if (this.admitted.putIfAbsent(value, LabelSet.single(this.name, value)) != null) {
					this.count.decrementAndGet();
				}
				return true;
			}
			this.count.decrementAndGet();
			return this.admitted.containsKey(value);
		}

		LabelSet overflow(String name, String value) {
			LabelSet set = this.overflowSet;
			if (set == null || !value.equals(set.get(name))) {
				set = LabelSet.single(name, value);
				this.overflowSet = set;
			}
			return set;
		}

	}

}

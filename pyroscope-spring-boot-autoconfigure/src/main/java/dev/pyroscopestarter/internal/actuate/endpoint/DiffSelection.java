package dev.pyroscopestarter.internal.actuate.endpoint;

import java.time.Instant;

import dev.pyroscopestarter.internal.local.view.LabelFilter;
import org.jspecify.annotations.Nullable;

/**
 * The two selections of a diff: by labels (both over the period), or by time (the last {@code recent}
 * seconds of the period against the time before them).
 */
record DiffSelection(LabelFilter baseline, LabelFilter comparison, @Nullable Instant split) {

	static DiffSelection of(@Nullable String baseline, @Nullable String comparison, @Nullable Integer recent,
			ViewPeriod period, Instant now) {
		if (recent == null && (baseline == null || comparison == null)) {
			throw new IllegalArgumentException("A diff compares two selections: give baseline and comparison "
					+ "labels (baseline=vehicle=bike&comparison=vehicle=car), or recent=60 to compare the last "
					+ "minute with the time before it.");
		}
		LabelFilter base = parse("baseline", baseline);
		LabelFilter compared = parse("comparison", comparison);
		Instant split = null;
		if (recent != null) {
			Instant end = (period.until() != null) ? period.until() : now;
			split = end.minusSeconds(recent);
			if (recent < 1 || !split.isAfter(period.since(now))) {
				throw new IllegalArgumentException("recent must be 1 or more, and shorter than the period ("
						+ period + ").");
			}
		}
		return new DiffSelection(base, compared, split);
	}

	private static LabelFilter parse(String name, @Nullable String pairs) {
		try {
			return (pairs != null) ? LabelFilter.valueOf(pairs) : LabelFilter.none();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid " + name + ": " + ex.getMessage()
					+ ". Write it as vehicle=car or vehicle=car,region=eu.");
		}
	}

	Instant baselineSince(Instant since) {
		return since;
	}

	@Nullable Instant baselineUntil(@Nullable Instant until) {
		return (this.split != null) ? this.split : until;
	}

	Instant comparisonSince(Instant since) {
		return (this.split != null) ? this.split : since;
	}

	String baselineText() {
		String labels = this.baseline.isEmpty() ? "" : this.baseline.toString();
		if (this.split == null) {
			return labels;
		}
		return "before " + this.split + (labels.isEmpty() ? "" : " " + labels);
	}

	String comparisonText() {
		String labels = this.comparison.isEmpty() ? "" : this.comparison.toString();
		if (this.split == null) {
			return labels;
		}
		return "from " + this.split + (labels.isEmpty() ? "" : " " + labels);
	}

}

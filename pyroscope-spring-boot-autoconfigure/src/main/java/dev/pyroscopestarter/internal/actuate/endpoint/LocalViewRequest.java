package dev.pyroscopestarter.internal.actuate.endpoint;

import dev.pyroscopestarter.internal.local.view.LabelFilter;
import org.jspecify.annotations.Nullable;

/**
 * One request for a local view, as its query gave it. Built with {@link #of(String)} and the {@code with...}
 * methods, each returning a copy.
 *
 * @param view {@code index}, {@code flamegraph}, {@code collapsed}, {@code diff} or {@code jfr}
 * @param seconds how far back to look, or null for the default
 * @param from instead of {@code seconds}: the start of the period, in milliseconds since the epoch
 * @param to the end of the period, in milliseconds since the epoch; now when null
 * @param type which profile ({@code cpu} when null)
 * @param highlight text of frames to highlight on the flame graph
 * @param labels the labels samples must carry
 * @param baseline for the diff: the labels of the baseline's samples, as {@code vehicle=bike,region=eu}
 * @param comparison for the diff: the labels of the samples compared with it
 * @param recent for the diff: compare the last this many seconds of the period with the time before them
 */
public record LocalViewRequest(String view, @Nullable Integer seconds, @Nullable Long from, @Nullable Long to,
		@Nullable String type, @Nullable String highlight, LabelFilter labels, @Nullable String baseline,
		@Nullable String comparison, @Nullable Integer recent) {

	/** A request for {@code view} over the default period, all samples. */
	public static LocalViewRequest of(String view) {
		return new LocalViewRequest(view, null, null, null, null, null, LabelFilter.none(), null, null, null);
	}

	public LocalViewRequest withSeconds(@Nullable Integer seconds) {
		return new LocalViewRequest(this.view, seconds, this.from, this.to, this.type, this.highlight, this.labels,
				this.baseline, this.comparison, this.recent);
	}

	public LocalViewRequest withPeriod(@Nullable Long from, @Nullable Long to) {
		return new LocalViewRequest(this.view, this.seconds, from, to, this.type, this.highlight, this.labels,
				this.baseline, this.comparison, this.recent);
	}

	public LocalViewRequest withType(@Nullable String type) {
		return new LocalViewRequest(this.view, this.seconds, this.from, this.to, type, this.highlight, this.labels,
				this.baseline, this.comparison, this.recent);
	}

	public LocalViewRequest withHighlight(@Nullable String highlight) {
		return new LocalViewRequest(this.view, this.seconds, this.from, this.to, this.type, highlight, this.labels,
				this.baseline, this.comparison, this.recent);
	}

	public LocalViewRequest withLabels(LabelFilter labels) {
		return new LocalViewRequest(this.view, this.seconds, this.from, this.to, this.type, this.highlight, labels,
				this.baseline, this.comparison, this.recent);
	}

	public LocalViewRequest withDiff(@Nullable String baseline, @Nullable String comparison,
			@Nullable Integer recent) {
		return new LocalViewRequest(this.view, this.seconds, this.from, this.to, this.type, this.highlight,
				this.labels, baseline, comparison, recent);
	}

}

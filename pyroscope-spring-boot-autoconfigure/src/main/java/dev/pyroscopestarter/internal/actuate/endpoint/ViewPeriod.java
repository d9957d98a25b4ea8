package dev.pyroscopestarter.internal.actuate.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.local.WindowProfile;
import org.jspecify.annotations.Nullable;

/**
 * The period a view covers: the last {@code seconds}, or from one instant to another (a link to one span's
 * profile keeps working while its windows are kept).
 */
record ViewPeriod(int seconds, @Nullable Instant from, @Nullable Instant to) {

	static ViewPeriod of(@Nullable Integer seconds, @Nullable Long from, @Nullable Long to) {
		if (from == null) {
			if (to != null) {
				throw new IllegalArgumentException("to needs from: give both, in milliseconds since the epoch.");
			}
			int period = (seconds != null) ? seconds : LocalViews.DEFAULT_SECONDS;
			if (period < 1) {
				throw new IllegalArgumentException("seconds must be 1 or more.");
			}
			return new ViewPeriod(period, null, null);
		}
		if (seconds != null) {
			throw new IllegalArgumentException("Give seconds, or from (and to), not both.");
		}
		if (from < 0 || (to != null && to <= from)) {
			throw new IllegalArgumentException("from and to are milliseconds since the epoch, from before to.");
		}
		return new ViewPeriod(0, Instant.ofEpochMilli(from), (to != null) ? Instant.ofEpochMilli(to) : null);
	}

	List<WindowProfile> windows(LocalProfileStore store, Instant now) {
		// Windows that ended after the start of the period; the builder leaves out the samples outside it.
		return store.profiles(reach(now));
	}

	List<ProfileWindow> recordings(LocalProfileStore store, Instant now) {
		return store.recordings(reach(now));
	}

	private Duration reach(Instant now) {
		return (this.from == null) ? Duration.ofSeconds(this.seconds)
				: Duration.between(this.from, now).plusMillis(1);
	}

	/** The period as query parameters, for links to other views of it. */
	String query() {
		if (this.from == null) {
			return "seconds=" + this.seconds;
		}
		return "from=" + this.from.toEpochMilli() + ((this.to != null) ? "&to=" + this.to.toEpochMilli() : "");
	}

	Instant since(Instant now) {
		return (this.from != null) ? this.from : now.minusSeconds(this.seconds);
	}

	@Nullable Instant until() {
		return this.to;
	}

	String inText() {
		if (this.from == null) {
			return "in the last " + this.seconds + " s";
		}
		return "from " + this.from + ((this.to != null) ? " to " + this.to : " on");
	}

	@Override
	public String toString() {
		if (this.from == null) {
			return "last " + this.seconds + " s";
		}
		return this.from + " to " + ((this.to != null) ? this.to : "now");
	}

}

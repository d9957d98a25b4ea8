package dev.pyroscopestarter.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.pyroscopestarter.agent.ProfileWindow;
import dev.pyroscopestarter.config.DurationText;
import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;

/**
 * Local mode: keeps the last minutes of profiling windows in memory instead of uploading them, bounded by age and
 * by size (the recordings and their labels). The oldest windows go first; each eviction is counted, by reason.
 */
public class LocalProfileStore implements ProfileExporter {

	private final Duration retention;

	private final long maxBytes;

	private final Clock clock;

	private final Deque<ProfileWindow> windows = new ArrayDeque<>();

	private long bytes;

	private long received;

	private long evictedForAge;

	private long evictedForSize;

	/**
	 * @param retention how long a window is kept after it ended
	 * @param maxBytes most bytes of windows kept
	 */
	public LocalProfileStore(Duration retention, long maxBytes) {
		this(retention, maxBytes, Clock.systemUTC());
	}

	LocalProfileStore(Duration retention, long maxBytes, Clock clock) {
		this.retention = retention;
		this.maxBytes = maxBytes;
		this.clock = clock;
	}

	@Override
	public synchronized void export(ProfileWindow window) {
		this.windows.addLast(window);
		this.bytes += window.size();
		this.received++;
		evict();
	}

	/** Nothing to send: windows are kept, not uploaded. */
	@Override
	public FlushResult flush(Duration timeout) {
		return new FlushResult(0, 0, Duration.ZERO);
	}

	@Override
	public String destination() {
		return "local mode (no pyroscope.server-address), keeping the last " + DurationText.of(this.retention)
				+ " in memory";
	}

	/** The windows that ended within {@code period} before now, oldest first. */
	public synchronized List<ProfileWindow> windows(Duration period) {
		evict();
		Instant since = this.clock.instant().minus(period);
		List<ProfileWindow> recent = new ArrayList<>();
		for (ProfileWindow window : this.windows) {
			if (window.ended().isAfter(since)) {
				recent.add(window);
			}
		}
		return recent;
	}

	public Duration retention() {
		return this.retention;
	}

	public long maxBytes() {
		return this.maxBytes;
	}

	/** What the store holds now, and what it let go. */
	public synchronized LocalStoreFigures figures() {
		evict();
		return new LocalStoreFigures(this.windows.size(), this.bytes, this.received, this.evictedForAge,
				this.evictedForSize, this.windows.isEmpty() ? null : this.windows.peekFirst().started(),
				this.windows.isEmpty() ? null : this.windows.peekLast().ended());
	}

	private void evict() {
		Instant oldestKept = this.clock.instant().minus(this.retention);
		while (!this.windows.isEmpty()
				&& (this.bytes > this.maxBytes || this.windows.peekFirst().ended().isBefore(oldestKept))) {
			ProfileWindow evicted = this.windows.pollFirst();
			this.bytes -= evicted.size();
			if (evicted.ended().isBefore(oldestKept)) {
				this.evictedForAge++;
			}
			else {
				this.evictedForSize++;
			}
		}
	}

}

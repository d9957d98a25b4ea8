package dev.pyroscopestarter.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.pyroscope.javaagent.Snapshot;

/**
 * Local mode: keeps the last minutes of profiles in memory instead of uploading them, bounded by age and by total
 * size. The oldest windows go first; each one evicted for size is counted as dropped.
 */
public class RecentProfiles implements ProfileExporter {

	private final Duration retention;

	private final long maxBytes;

	private final Clock clock;

	private final UploadStatistics statistics;

	private final Deque<Snapshot> windows = new ArrayDeque<>();

	private long bytes;

	public RecentProfiles(Duration retention, long maxBytes) {
		this(retention, maxBytes, Clock.systemUTC());
	}

	RecentProfiles(Duration retention, long maxBytes, Clock clock) {
		this.retention = retention;
		this.maxBytes = maxBytes;
		this.clock = clock;
		this.statistics = new UploadStatistics(clock);
	}

	@Override
	public synchronized void export(Snapshot snapshot) {
		this.windows.addLast(snapshot);
		this.bytes += snapshot.data.length;
		this.statistics.succeeded(0, snapshot.data.length);
		evict();
	}

	@Override
	public FlushResult flush(Duration timeout) {
		return new FlushResult(0, 0, Duration.ZERO);
	}

	@Override
	public UploadFigures figures() {
		return this.statistics.snapshot(() -> 0);
	}

	/** The windows that ended within {@code period} before now, oldest first. */
	public synchronized List<Snapshot> lastWindows(Duration period) {
		evict();
		Instant since = this.clock.instant().minus(period);
		List<Snapshot> recent = new ArrayList<>();
		for (Snapshot window : this.windows) {
			if (window.ended.isAfter(since)) {
				recent.add(window);
			}
		}
		return recent;
	}

	/** Bytes of JFR held. */
	public synchronized long retainedBytes() {
		return this.bytes;
	}

	private void evict() {
		Instant oldestKept = this.clock.instant().minus(this.retention);
		while (!this.windows.isEmpty() && (this.bytes > this.maxBytes || this.windows.peekFirst().ended.isBefore(oldestKept))) {
			Snapshot evicted = this.windows.pollFirst();
			this.bytes -= evicted.data.length;
			if (!evicted.ended.isBefore(oldestKept)) {
				this.statistics.dropped(DropReason.QUEUE_FULL);
			}
		}
	}

}

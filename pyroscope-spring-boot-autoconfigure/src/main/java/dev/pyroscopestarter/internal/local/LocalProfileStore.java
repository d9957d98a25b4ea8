package dev.pyroscopestarter.internal.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.config.DurationText;
import org.jspecify.annotations.Nullable;

/**
 * Local mode: keeps the last minutes of profiling windows in memory instead of uploading them, bounded by age and
 * by size. Each window is aggregated once, as it arrives ({@link WindowProfile}): views read the aggregates, so a
 * request costs milliseconds rather than a parse of every recording. The raw recording is kept only when asked
 * for (the JFR download). The size counts everything held: aggregates, their frame names (once for all windows)
 * and recordings. The oldest windows go first; each eviction is counted, by reason.
 */
public class LocalProfileStore implements ProfileExporter {

	private final Duration retention;

	private final long maxBytes;

	private final boolean keepRecordings;

	private final Clock clock;

	private final Deque<Kept> windows = new ArrayDeque<>();

	private final FrameNames frameNames = new FrameNames();

	private long profileBytes;

	private long recordingBytes;

	private long received;

	private long evictedForAge;

	private long evictedForSize;

	/**
	 * A store that keeps aggregates only.
	 * @param retention how long a window is kept after it ended
	 * @param maxBytes most bytes kept
	 */
	public LocalProfileStore(Duration retention, long maxBytes) {
		this(retention, maxBytes, false);
	}

	/**
	 * @param retention how long a window is kept after it ended
	 * @param maxBytes most bytes kept
	 * @param keepRecordings whether the raw recordings are kept too, for the JFR download
	 */
	public LocalProfileStore(Duration retention, long maxBytes, boolean keepRecordings) {
		this(retention, maxBytes, keepRecordings, Clock.systemUTC());
	}

	LocalProfileStore(Duration retention, long maxBytes, boolean keepRecordings, Clock clock) {
		this.retention = retention;
		this.maxBytes = maxBytes;
		this.keepRecordings = keepRecordings;
		this.clock = clock;
	}

	@Override
	public void export(ProfileWindow window) {
		// Parsed on the caller's thread, outside the lock: views go on answering meanwhile.
		WindowProfile profile = WindowProfile.of(window);
		synchronized (this) {
			this.frameNames.acquire(profile.frameNames());
			Kept kept = new Kept(profile, this.keepRecordings ? window : null);
			this.windows.addLast(kept);
			this.profileBytes += profile.bytes();
			this.recordingBytes += kept.recordingBytes();
			this.received++;
			evict();
		}
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

	/** The aggregated windows that ended within {@code period} before now, oldest first. */
	public synchronized List<WindowProfile> profiles(Duration period) {
		evict();
		Instant since = this.clock.instant().minus(period);
		List<WindowProfile> recent = new ArrayList<>();
		for (Kept kept : this.windows) {
			if (kept.profile.ended().isAfter(since)) {
				recent.add(kept.profile);
			}
		}
		return recent;
	}

	/**
	 * The raw windows that ended within {@code period} before now, oldest first; none unless the store keeps
	 * recordings.
	 */
	public synchronized List<ProfileWindow> recordings(Duration period) {
		evict();
		Instant since = this.clock.instant().minus(period);
		List<ProfileWindow> recent = new ArrayList<>();
		for (Kept kept : this.windows) {
			if (kept.recording != null && kept.recording.ended().isAfter(since)) {
				recent.add(kept.recording);
			}
		}
		return recent;
	}

	/** Whether the raw recordings are kept, for the JFR download. */
	public boolean keepsRecordings() {
		return this.keepRecordings;
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
		return new LocalStoreFigures(this.windows.size(), bytes(), this.recordingBytes, this.received,
				this.evictedForAge, this.evictedForSize,
				this.windows.isEmpty() ? null : this.windows.peekFirst().profile.started(),
				this.windows.isEmpty() ? null : this.windows.peekLast().profile.ended());
	}

	/** Bytes of the frame names kept, once for all windows. */
	synchronized long frameNamesBytes() {
		return this.frameNames.bytes();
	}

	private long bytes() {
		return this.profileBytes + this.frameNames.bytes() + this.recordingBytes;
	}

	private void evict() {
		Instant oldestKept = this.clock.instant().minus(this.retention);
		while (!this.windows.isEmpty()
				&& (bytes() > this.maxBytes || this.windows.peekFirst().profile.ended().isBefore(oldestKept))) {
			Kept evicted = this.windows.pollFirst();
			this.profileBytes -= evicted.profile.bytes();
			this.recordingBytes -= evicted.recordingBytes();
			this.frameNames.release(evicted.profile.frameNames());
			if (evicted.profile.ended().isBefore(oldestKept)) {
				this.evictedForAge++;
			}
			else {
				this.evictedForSize++;
			}
		}
	}

	private record Kept(WindowProfile profile, @Nullable ProfileWindow recording) {

		long recordingBytes() {
			return (this.recording != null) ? this.recording.size() : 0;
		}

	}

}

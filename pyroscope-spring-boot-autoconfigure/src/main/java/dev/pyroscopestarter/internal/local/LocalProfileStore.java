package dev.pyroscopestarter.internal.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
 * and recordings, and the windows handed over but not parsed yet. The oldest windows go first; each eviction is
 * counted, by reason.
 * <p>
 * {@link #export} only hands the window over: parsing it (a temp file and a full JFR parse, tens of milliseconds for
 * a full window) happens on one worker thread of the store's own, so the profiler's scheduling thread is not delayed.
 * Windows waiting for it count against the size limit; beyond it the oldest go, counted as evicted for size.
 */
public class LocalProfileStore implements ProfileExporter, AutoCloseable {

	private static final String WORKER_NAME = "pyroscope-local";

	private final Duration retention;

	private final long maxBytes;

	private final boolean keepRecordings;

	private final Clock clock;

	private final Function<ProfileWindow, WindowProfile> parser;

	private final Deque<Kept> windows = new ArrayDeque<>();

	/** Windows handed over, waiting for the worker. */
	private final Deque<ProfileWindow> pending = new ArrayDeque<>();

	/** Bytes of the windows waiting and of the one being parsed. */
	private long pendingBytes;

	private boolean parsing;

	private @Nullable Thread worker;

	private boolean closed;

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
		this(retention, maxBytes, keepRecordings, clock, WindowProfile::of);
	}

	LocalProfileStore(Duration retention, long maxBytes, boolean keepRecordings, Clock clock,
			Function<ProfileWindow, WindowProfile> parser) {
		this.parser = parser;
		this.retention = retention;
		this.maxBytes = maxBytes;
		this.keepRecordings = keepRecordings;
		this.clock = clock;
	}

	/** Hands the window to the store's worker and returns at once; its bytes count until it is parsed. */
	@Override
	public synchronized void export(ProfileWindow window) {
		this.received++;
		if (this.closed) {
			this.evictedForSize++;
			return;
		}
		this.pending.addLast(window);
		this.pendingBytes += window.size();
		evict();
		if (this.worker == null) {
			Thread thread = new Thread(this::work, WORKER_NAME);
			thread.setDaemon(true);
			this.worker = thread;
			thread.start();
		}
		notifyAll();
	}

	/** Waits, at most {@code timeout}, until every window handed over is parsed and kept. Nothing is uploaded. */
	@Override
	public synchronized FlushResult flush(Duration timeout) {
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		while ((!this.pending.isEmpty() || this.parsing) && !this.closed) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				break;
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return new FlushResult(0, 0, Duration.ofNanos(System.nanoTime() - started));
	}

	/** Stops the worker; windows still waiting are let go. */
	@Override
	public synchronized void close() {
		this.closed = true;
		this.pending.clear();
		this.pendingBytes = 0;
		notifyAll();
	}

	// The worker: one window at a time, parsed outside the lock, so that views go on answering meanwhile.
	private void work() {
		while (true) {
			ProfileWindow next;
			synchronized (this) {
				while (this.pending.isEmpty() && !this.closed) {
					try {
						wait();
					}
					catch (InterruptedException ex) {
						// Only close() ends the worker.
					}
				}
				if (this.closed) {
					return;
				}
				next = this.pending.pollFirst();
				this.parsing = true;
			}
			WindowProfile profile = null;
			try {
				profile = this.parser.apply(next);
			}
			catch (RuntimeException | Error ex) {
				// WindowProfile.of turns an unreadable recording into an empty profile; this is worse (out of
				// memory parsing a huge window): the window is let go, counted as evicted for size.
			}
			synchronized (this) {
				this.parsing = false;
				this.pendingBytes -= next.size();
				if (profile != null && !this.closed) {
					this.frameNames.acquire(profile.frameNames());
					Kept kept = new Kept(profile, this.keepRecordings ? next : null);
					this.windows.addLast(kept);
					this.profileBytes += profile.bytes();
					this.recordingBytes += kept.recordingBytes();
					evict();
				}
				else if (profile == null) {
					this.evictedForSize++;
				}
				notifyAll();
			}
		}
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
		return new LocalStoreFigures(this.windows.size(), this.pending.size() + (this.parsing ? 1 : 0), bytes(),
				this.recordingBytes, this.received,
				this.evictedForAge, this.evictedForSize,
				this.windows.isEmpty() ? null : this.windows.peekFirst().profile.started(),
				this.windows.isEmpty() ? null : this.windows.peekLast().profile.ended());
	}

	/** Bytes of the frame names kept, once for all windows. */
	synchronized long frameNamesBytes() {
		return this.frameNames.bytes();
	}

	private long bytes() {
		return this.profileBytes + this.frameNames.bytes() + this.recordingBytes + this.pendingBytes;
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
		// Still over with only windows waiting to be parsed: the oldest of those go (never the one being parsed,
		// whose bytes leave with it).
		while (!this.pending.isEmpty() && bytes() > this.maxBytes) {
			this.pendingBytes -= this.pending.pollFirst().size();
			this.evictedForSize++;
		}
	}

	private record Kept(WindowProfile profile, @Nullable ProfileWindow recording) {

		long recordingBytes() {
			return (this.recording != null) ? this.recording.size() : 0;
		}

	}

}

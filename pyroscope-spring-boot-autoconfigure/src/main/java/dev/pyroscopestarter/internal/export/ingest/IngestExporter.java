package dev.pyroscopestarter.internal.export.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.export.ingest.CredentialsRefresher;
import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.export.ingest.UploadListener;
import dev.pyroscopestarter.export.ingest.UploadOutcome;
import dev.pyroscopestarter.internal.agent.WindowLabels;
import dev.pyroscopestarter.internal.export.ingest.IngestSender.Attempt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Uploads profiles to a Pyroscope server's ingest API on OkHttp, wire-compatible with the agent's own exporter.
 * <p>
 * Made of parts: {@link #export} only hands the profile to a bounded {@link UploadQueue}, whose single thread sends
 * in order through an {@link IngestSender} (one attempt each), retrying 429, 5xx and I/O errors after a
 * {@link Backoff}. When the queue is full, the oldest waiting profile is dropped. Every drop is counted; failures
 * are logged once, until uploads recover.
 * <p>
 * A window whose recording mixes wall-clock samples with other samples goes as two profiles ({@link RecordingParts}),
 * since the server weighs such a recording wrongly.
 */
public class IngestExporter implements ProfileExporter, AutoCloseable {

	private static final Log logger = LogFactory.getLog(IngestExporter.class);

	/**
	 * The oldest a window may be when it is sent: Pyroscope refuses profiles older than its ingestion window (one
	 * hour by default), less a margin for the request's way and clocks apart.
	 */
	static final Duration MAX_AGE = Duration.ofMinutes(55);

	/** The longest {@code Retry-After}, or wait for a quota's reset, honoured. */
	static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	private final IngestSender sender;

	private final UploadQueue<ProfileWindow> queue;

	private final Backoff backoff;

	private final int maxAttempts;

	private final Clock clock;

	private final UploadStatistics statistics;

	private final UploadFailureLog failureLog = new UploadFailureLog(logger);

	private final int maxDynamicLabelNames;

	private final List<UploadListener> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable CredentialsRefresher credentialsRefresher;

	public IngestExporter(IngestSettings settings) {
		this(settings, Clock.systemUTC());
	}

	/**
	 * @param settings where and how to upload
	 * @param clock the one time source: of the figures' timestamps and of flush deadlines
	 */
	IngestExporter(IngestSettings settings, Clock clock) {
		this.sender = new IngestSender(settings);
		this.maxDynamicLabelNames = settings.maxDynamicLabelNames();
		this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
		this.maxAttempts = Math.max(1, settings.maxAttempts());
		this.clock = clock;
		this.statistics = new UploadStatistics(clock);
		this.queue = new UploadQueue<>(settings.queueCapacity(), settings.queueMaxBytes(), ProfileWindow::size,
				"pyroscope-upload", new Delivery(), this::dropped, clock);
	}

	@Override
	public void export(ProfileWindow window) {
		// Handed over as it is: the agent's scheduling thread waits for this call.
		this.statistics.received();
		this.queue.offer(window);
	}

	@Override
	public FlushResult flush(Duration timeout) {
		long uploadedBefore = this.statistics.succeededCount();
		long droppedBefore = this.statistics.droppedCount();
		long started = this.clock.millis();
		this.queue.flush(timeout);
		return new FlushResult(this.statistics.succeededCount() - uploadedBefore,
				this.statistics.droppedCount() - droppedBefore, Duration.ofMillis(this.clock.millis() - started));
	}

	@Override
	public String destination() {
		return "uploading to " + displayAddress();
	}

	/** Upload counters, for logs, health, metrics and the actuator endpoint. */
	public UploadFigures figures() {
		return this.statistics.snapshot(this.queue::depth, this.queue::bytes);
	}

	/**
	 * Where and how profiles are uploaded, with the credentials in use: for this package only. Nothing outside
	 * the uploader gets the credentials back from it (see {@link #displayAddress()}, {@link #authentication()}).
	 */
	IngestSettings settings() {
		return this.sender.settings();
	}

	/** The server address as it may be shown: without user info. */
	public String displayAddress() {
		return settings().displayAddress();
	}

	/** Which authentication the uploads use, never its secrets. */
	public IngestSettings.Authentication authentication() {
		return settings().authentication();
	}

	@Override
	public String toString() {
		return "IngestExporter" + settings();
	}

	/**
	 * Lets the exporter fetch fresh credentials when the server answers 401 or 403; the refused profile is then
	 * sent again at once instead of being dropped.
	 */
	public void setCredentialsRefresher(@Nullable CredentialsRefresher credentialsRefresher) {
		this.credentialsRefresher = credentialsRefresher;
	}

	/** Registers a listener told about every upload attempt, for example to time uploads. */
	public void addUploadListener(UploadListener listener) {
		this.listeners.add(listener);
	}

	/** Stops the upload thread and releases the HTTP client's connections. */
	@Override
	public void close() {
		this.queue.close();
		this.sender.close();
	}

	private void dropped(DropReason reason) {
		this.statistics.dropped(reason);
		if (reason == DropReason.QUEUE_FULL) {
			this.failureLog.queueFull(this.queue.capacity());
		}
	}

	// Counts and logs one attempt, then tells the listeners.
	private void record(Attempt attempt, long bytes) {
		switch (attempt.result()) {
			case DELIVERED -> {
				this.statistics.succeeded(attempt.status(), bytes);
				this.failureLog.succeeded();
			}
			case RETRY, QUOTA -> {
				this.statistics.failedAttempt(attempt.status(), attempt.failure());
				this.failureLog.retryableFailure(attempt.failure());
			}
			case REJECTED, UNAUTHORIZED -> {
				this.statistics.failedAttempt(attempt.status(), attempt.failure());
				this.failureLog.rejected(attempt.status(), attempt.failure());
			}
			case CANCELLED -> {
				this.statistics.failedAttempt(0, attempt.failure());
				return;
			}
		}
		UploadOutcome outcome = (attempt.result() == IngestSender.Result.DELIVERED) ? UploadOutcome.SUCCESS
				: UploadOutcome.FAILURE;
		for (UploadListener listener : this.listeners) {
			try {
				listener.attemptFinished(outcome, attempt.took(), bytes);
			}
			catch (RuntimeException ex) {
				// A listener's problem must not cost a profile.
			}
		}
	}

	/** The backoff, or longer when the server asked for it (bounded: a hostile server must not park uploads). */
	private Duration pauseBefore(int attempt, Attempt result) {
		Duration backoff = this.backoff.beforeRetry(attempt);
		Duration asked = result.retryAfter();
		if (asked == null || asked.compareTo(backoff) <= 0) {
			return backoff;
		}
		return (asked.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : asked;
	}

	// Whether the window will be older than the server accepts after waiting that long.
	private boolean tooOld(ProfileWindow window, Duration wait) {
		return window.started().isBefore(this.clock.instant().plus(wait).minus(MAX_AGE));
	}

	/** True when fresh credentials differ from those in use; requests are then built with them. */
	private boolean refreshCredentials() {
		CredentialsRefresher refresher = this.credentialsRefresher;
		if (refresher == null) {
			return false;
		}
		IngestCredentials current = this.sender.settings().credentials();
		IngestCredentials fresh = refresher.refresh().orElse(current);
		if (fresh.equals(current)) {
			return false;
		}
		this.sender.useCredentials(fresh);
		logger.info("Pyroscope credentials were refused and have changed at their source; uploading with the new ones");
		return true;
	}

	/** What the upload thread does with each profile: attempts, retries with backoff, and drops. */
	private final class Delivery implements UploadQueue.Worker<ProfileWindow> {

		/** Uploads of the window in hand not yet delivered or dropped: the upload thread's alone. */
		private int uploadsLeft;

		@Override
		public void process(ProfileWindow window) {
			// Usually the window itself; two when wall-clock samples beside others need uploads of their own. Split
			// here rather than when handed over, so that the agent's scheduling thread never waits for it.
			this.uploadsLeft = 1;
			byte[] labels = fitLabels(window);
			List<ProfileWindow> uploads = RecordingParts.uploads(window);
			for (int i = 1; i < uploads.size(); i++) {
				IngestExporter.this.statistics.received();
			}
			this.uploadsLeft = uploads.size();
			for (ProfileWindow upload : uploads) {
				boolean stopping = !deliver(upload, labels);
				this.uploadsLeft--;
				if (stopping) {
					// What is left of the window goes the way of the upload in hand.
					for (; this.uploadsLeft > 0; this.uploadsLeft--) {
						dropped(DropReason.SHUTDOWN);
					}
					return;
				}
			}
		}

		// A sample with more label names than the server keeps per series, or a label longer than it accepts, would
		// have the whole upload refused (422): such labels are fitted, counted, and said once in the log.
		private byte[] fitLabels(ProfileWindow window) {
			WindowLabels.Fitted fitted;
			try {
				fitted = WindowLabels.fitToServer(window.labels(), IngestExporter.this.maxDynamicLabelNames);
			}
			catch (IllegalArgumentException ex) {
				// Not a snapshot the agent wrote: sent as it is, for the server to judge.
				return window.labels();
			}
			if (fitted.namesLeftOut() > 0 || fitted.textsCut() > 0) {
				IngestExporter.this.statistics.labelsFitted(fitted.namesLeftOut(), fitted.textsCut());
				IngestExporter.this.failureLog.labelsFitted(fitted.namesLeftOut(), fitted.textsCut(),
						IngestExporter.this.maxDynamicLabelNames);
			}
			return fitted.labels();
		}

		/** Sends one upload until it is delivered or dropped; false when it was dropped because of shutdown. */
		private boolean deliver(ProfileWindow window, byte[] labels) {
			IngestRequestFactory.PreparedBody body = IngestExporter.this.sender.prepare(window, labels);
			boolean credentialsRefreshed = false;
			for (int attempt = 1;; attempt++) {
				if (IngestExporter.this.queue.stopping()) {
					dropped(DropReason.SHUTDOWN);
					return false;
				}
				if (tooOld(window, Duration.ZERO)) {
					// Held back by an outage: the server would answer 422 ("outside of ingestion window").
					dropped(DropReason.TOO_OLD);
					return true;
				}
				Attempt result = IngestExporter.this.sender.send(window, body);
				record(result, body.size());
				switch (result.result()) {
					case DELIVERED -> {
						return true;
					}
					case CANCELLED -> {
						dropped(DropReason.SHUTDOWN);
						return false;
					}
					case UNAUTHORIZED, REJECTED -> {
						if (result.result() == IngestSender.Result.UNAUTHORIZED && !credentialsRefreshed
								&& refreshCredentials()) {
							credentialsRefreshed = true;
							IngestExporter.this.statistics.retried();
							continue;
						}
						dropped(DropReason.REJECTED);
						return true;
					}
					case QUOTA -> {
						// Retrying before the reset cannot succeed: wait for it if it is near, else let the window go.
						Duration untilReset = (result.retryAfter() != null) ? result.retryAfter() : Duration.ZERO;
						if (untilReset.compareTo(MAX_RETRY_AFTER) > 0 || tooOld(window, untilReset)) {
							dropped(DropReason.QUOTA);
							return true;
						}
						if (!IngestExporter.this.queue.pause(untilReset)) {
							dropped(DropReason.SHUTDOWN);
							return false;
						}
						IngestExporter.this.statistics.retried();
					}
					case RETRY -> {
						if (attempt >= IngestExporter.this.maxAttempts) {
							dropped(DropReason.RETRIES_EXHAUSTED);
							IngestExporter.this.failureLog.gaveUp(attempt);
							return true;
						}
						if (!IngestExporter.this.queue.pause(pauseBefore(attempt, result))) {
							dropped(DropReason.SHUTDOWN);
							return false;
						}
						IngestExporter.this.statistics.retried();
					}
				}
			}
		}

		@Override
		public void abandonInFlight() {
			IngestExporter.this.sender.cancel();
		}

		@Override
		public void failed(ProfileWindow window, Throwable ex) {
			IngestExporter.this.statistics.failedAttempt(0, ex.getClass().getSimpleName());
			for (int left = Math.max(1, this.uploadsLeft); left > 0; left--) {
				dropped(DropReason.RETRIES_EXHAUSTED);
			}
			this.uploadsLeft = 0;
			IngestExporter.this.failureLog.unexpected(ex);
		}

	}

}

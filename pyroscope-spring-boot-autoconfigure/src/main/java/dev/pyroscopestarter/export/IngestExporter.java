package dev.pyroscopestarter.export;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.config.Config;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Uploads profiles to a Pyroscope server's ingest API on OkHttp, wire-compatible with the agent's own exporter.
 * <p>
 * {@link #export} only queues: a single daemon thread sends, in order, retrying 429, 5xx and I/O errors with
 * capped exponential backoff and jitter. The queue is bounded: when full, the oldest waiting profile is dropped.
 * Every drop is counted. Failures are logged once, until uploads recover.
 */
public class IngestExporter implements ProfileExporter, AutoCloseable {

	private static final Log logger = LogFactory.getLog(IngestExporter.class);

	private static final int MAX_ERROR_BODY = 200;

	private final OkHttpClient client;

	private final Config config;

	private volatile IngestRequestFactory requests;

	private volatile CredentialsRefresher credentialsRefresher;

	private final int queueCapacity;

	private final int maxAttempts;

	private final Backoff backoff;

	private final UploadStatistics statistics;

	private final UploadFailureLog failureLog = new UploadFailureLog(logger);

	private final Object lock = new Object();

	private final Deque<Snapshot> queue = new ArrayDeque<>();

	private final List<UploadListener> listeners = new CopyOnWriteArrayList<>();

	private Thread sender;

	private boolean busy;

	private Call currentCall;

	/** The call a flush deadline or close cancelled; OkHttp also cancels calls that time out. */
	private Call abandonedCall;

	private Instant flushDeadline;

	private boolean closed;

	/**
	 * @param config the agent's configuration: server, credentials, headers, names, export timeout, queue capacity
	 * and attempts
	 * @param initialBackoff wait before the first retry
	 * @param maxBackoff longest wait between attempts
	 */
	public IngestExporter(Config config, Duration initialBackoff, Duration maxBackoff) {
		this(config, initialBackoff, maxBackoff, Clock.systemUTC());
	}

	IngestExporter(Config config, Duration initialBackoff, Duration maxBackoff, Clock clock) {
		this.config = config;
		this.requests = new IngestRequestFactory(config);
		this.queueCapacity = Math.max(1, config.pushQueueCapacity);
		this.maxAttempts = Math.max(1, config.ingestMaxTries);
		this.backoff = new Backoff(initialBackoff, maxBackoff);
		this.statistics = new UploadStatistics(clock);
		Duration timeout = config.profileExportTimeout;
		this.client = new OkHttpClient.Builder().connectTimeout(timeout)
			.readTimeout(timeout)
			.writeTimeout(timeout)
			.callTimeout(timeout)
			.build();
	}

	@Override
	public void export(Snapshot snapshot) {
		synchronized (this.lock) {
			if (this.closed) {
				this.statistics.dropped(DropReason.SHUTDOWN);
				return;
			}
			if (this.queue.size() >= this.queueCapacity) {
				this.queue.pollFirst();
				this.statistics.dropped(DropReason.QUEUE_FULL);
				this.failureLog.queueFull(this.queueCapacity);
			}
			this.queue.addLast(snapshot);
			startSenderIfNeeded();
			this.lock.notifyAll();
		}
	}

	@Override
	public FlushResult flush(Duration timeout) {
		long uploadedBefore = this.statistics.succeededCount();
		long droppedBefore = this.statistics.droppedCount();
		Instant started = Instant.now();
		Instant deadline = started.plus(timeout);
		synchronized (this.lock) {
			this.flushDeadline = deadline;
			this.lock.notifyAll();
			try {
				while ((!this.queue.isEmpty() || this.busy) && Instant.now().isBefore(deadline)) {
					this.lock.wait(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			abandonPendingWork();
			awaitSenderIdle(Duration.ofSeconds(1));
			this.flushDeadline = null;
		}
		return new FlushResult(this.statistics.succeededCount() - uploadedBefore,
				this.statistics.droppedCount() - droppedBefore, Duration.between(started, Instant.now()));
	}

	@Override
	public UploadFigures figures() {
		return this.statistics.snapshot(this::queueDepth);
	}

	/**
	 * Lets the exporter fetch fresh credentials when the server answers 401 or 403; the refused profile is then
	 * sent again at once instead of being dropped.
	 */
	public void setCredentialsRefresher(CredentialsRefresher credentialsRefresher) {
		this.credentialsRefresher = credentialsRefresher;
	}

	/** Registers a listener told about every upload attempt, for example to time uploads. */
	public void addUploadListener(UploadListener listener) {
		this.listeners.add(listener);
	}

	/** Stops the sender thread and releases the HTTP client's connections. */
	@Override
	public void close() {
		Thread stopping;
		synchronized (this.lock) {
			this.closed = true;
			abandonPendingWork();
			stopping = this.sender;
			this.lock.notifyAll();
		}
		if (stopping != null) {
			stopping.interrupt();
			try {
				stopping.join(TimeUnit.SECONDS.toMillis(2));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.client.dispatcher().executorService().shutdown();
		this.client.connectionPool().evictAll();
	}

	private int queueDepth() {
		synchronized (this.lock) {
			return this.queue.size() + (this.busy ? 1 : 0);
		}
	}

	// Called with the lock held when a flush runs out of time or the exporter closes.
	private void abandonPendingWork() {
		while (this.queue.pollFirst() != null) {
			this.statistics.dropped(DropReason.SHUTDOWN);
		}
		if (this.currentCall != null) {
			this.abandonedCall = this.currentCall;
			this.currentCall.cancel();
		}
	}

	// Called with the lock held: lets the sender record the fate of the profile it had in hand.
	private void awaitSenderIdle(Duration grace) {
		Instant until = Instant.now().plus(grace);
		try {
			while (this.busy && Instant.now().isBefore(until)) {
				this.lock.wait(Math.max(1, Duration.between(Instant.now(), until).toMillis()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void startSenderIfNeeded() {
		if (this.sender == null || !this.sender.isAlive()) {
			this.sender = new Thread(this::sendLoop, "pyroscope-upload");
			this.sender.setDaemon(true);
			this.sender.start();
		}
	}

	private void sendLoop() {
		while (true) {
			Snapshot next;
			synchronized (this.lock) {
				this.busy = false;
				this.lock.notifyAll();
				try {
					while (this.queue.isEmpty() && !this.closed) {
						this.lock.wait();
					}
				}
				catch (InterruptedException ex) {
					if (this.closed) {
						return;
					}
					continue;
				}
				if (this.closed) {
					return;
				}
				next = this.queue.pollFirst();
				this.busy = true;
			}
			try {
				send(next);
			}
			catch (RuntimeException ex) {
				// A bug or an unexpected answer must not end the sender, or every later profile would be lost.
				this.statistics.failedAttempt(0, ex.getClass().getSimpleName());
				this.statistics.dropped(DropReason.RETRIES_EXHAUSTED);
				this.failureLog.unexpected(ex);
			}
		}
	}

	private void send(Snapshot snapshot) {
		IngestRequestFactory.PreparedBody body = this.requests.prepare(snapshot);
		boolean credentialsRefreshed = false;
		for (int attempt = 1;; attempt++) {
			long started = System.nanoTime();
			Outcome outcome = attempt(this.requests.create(snapshot, body), body.size());
			notifyListeners(outcome, Duration.ofNanos(System.nanoTime() - started), body.size());
			if (outcome == Outcome.DELIVERED) {
				return;
			}
			if (outcome == Outcome.UNAUTHORIZED && !credentialsRefreshed && refreshCredentials()) {
				credentialsRefreshed = true;
				this.statistics.retried();
				continue;
			}
			if (outcome == Outcome.REJECTED || outcome == Outcome.UNAUTHORIZED) {
				this.statistics.dropped(DropReason.REJECTED);
				return;
			}
			if (outcome == Outcome.ABANDONED) {
				return;
			}
			if (attempt >= this.maxAttempts) {
				this.statistics.dropped(DropReason.RETRIES_EXHAUSTED);
				this.failureLog.gaveUp(attempt);
				return;
			}
			if (!waitBeforeRetry(this.backoff.beforeRetry(attempt))) {
				return;
			}
			this.statistics.retried();
		}
	}

	private Outcome attempt(Request request, long bytes) {
		Call call;
		synchronized (this.lock) {
			if (this.closed) {
				this.statistics.dropped(DropReason.SHUTDOWN);
				return Outcome.ABANDONED;
			}
			call = this.client.newCall(request);
			this.currentCall = call;
		}
		try (Response response = call.execute()) {
			int status = response.code();
			if (response.isSuccessful()) {
				this.statistics.succeeded(status, bytes);
				this.failureLog.succeeded();
				return Outcome.DELIVERED;
			}
			String detail = status + " " + errorBody(response.body());
			this.statistics.failedAttempt(status, detail);
			if (status == 429 || status >= 500) {
				this.failureLog.retryableFailure(detail);
				return Outcome.RETRY;
			}
			this.failureLog.rejected(status, detail);
			return (status == 401 || status == 403) ? Outcome.UNAUTHORIZED : Outcome.REJECTED;
		}
		catch (IOException ex) {
			if (isAbandoned(call)) {
				this.statistics.failedAttempt(0, "cancelled at shutdown");
				this.statistics.dropped(DropReason.SHUTDOWN);
				return Outcome.ABANDONED;
			}
			String detail = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			this.statistics.failedAttempt(0, detail);
			this.failureLog.retryableFailure(detail);
			return Outcome.RETRY;
		}
		finally {
			synchronized (this.lock) {
				this.currentCall = null;
			}
		}
	}

	/** True when fresh credentials differ from those in use; requests are then built with them. */
	private boolean refreshCredentials() {
		CredentialsRefresher refresher = this.credentialsRefresher;
		if (refresher == null) {
			return false;
		}
		IngestCredentials current = this.requests.credentials();
		IngestCredentials fresh = refresher.refresh().orElse(current);
		if (fresh.equals(current)) {
			return false;
		}
		this.requests = new IngestRequestFactory(this.config.newBuilder()
			.setAuthToken(fresh.authToken())
			.setBasicAuthUser(fresh.basicAuthUser())
			.setBasicAuthPassword(fresh.basicAuthPassword())
			.build());
		logger.info("Pyroscope credentials were refused and have changed at their source; uploading with the new ones");
		return true;
	}

	private void notifyListeners(Outcome outcome, Duration took, long bytes) {
		if (outcome == Outcome.ABANDONED) {
			return;
		}
		UploadOutcome reported = (outcome == Outcome.DELIVERED) ? UploadOutcome.SUCCESS : UploadOutcome.FAILURE;
		for (UploadListener listener : this.listeners) {
			try {
				listener.attemptFinished(reported, took, bytes);
			}
			catch (RuntimeException ex) {
				// A listener's problem must not cost a profile.
			}
		}
	}

	private boolean isAbandoned(Call call) {
		synchronized (this.lock) {
			return call == this.abandonedCall;
		}
	}

	/** Waits before the next attempt; false when a flush deadline or close means the profile must be dropped. */
	private boolean waitBeforeRetry(Duration pause) {
		synchronized (this.lock) {
			Instant wakeUp = Instant.now().plus(pause);
			try {
				while (!this.closed) {
					Instant until = (this.flushDeadline != null && this.flushDeadline.isBefore(wakeUp))
							? this.flushDeadline : wakeUp;
					long millis = Duration.between(Instant.now(), until).toMillis();
					if (millis <= 0) {
						break;
					}
					this.lock.wait(millis);
				}
			}
			catch (InterruptedException ex) {
				// close() interrupts; handled below
			}
			boolean deadlinePassed = this.flushDeadline != null && !Instant.now().isBefore(this.flushDeadline);
			if (this.closed || deadlinePassed) {
				this.statistics.dropped(DropReason.SHUTDOWN);
				return false;
			}
			return true;
		}
	}

	private static String errorBody(ResponseBody body) {
		if (body == null) {
			return "";
		}
		try {
			String text = body.string().strip();
			return (text.length() > MAX_ERROR_BODY) ? text.substring(0, MAX_ERROR_BODY) + "..." : text;
		}
		catch (IOException ex) {
			return "";
		}
	}

	private enum Outcome {

		DELIVERED, RETRY, REJECTED, UNAUTHORIZED, ABANDONED

	}

}

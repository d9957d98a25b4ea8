package dev.pyroscopestarter.internal.export.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * A bounded queue and the one daemon thread that works it off, in order. When full, the oldest waiting item makes
 * room. A flush waits, up to a deadline, until everything handed over is done; what is left then is given up, the
 * item in hand included. Every item given up is reported to the drop listener.
 *
 * @param <T> the items
 */
final class UploadQueue<T> {

	/** What the worker thread does with each item. */
	interface Worker<T> {

		/** Handles one item; may wait with {@link UploadQueue#pause}. A runtime exception is passed on to it. */
		void process(T item);

		/** Gives up the item in hand at once, because a flush ran out of time or the queue closed. */
		void abandonInFlight();

		/** The item in hand failed unexpectedly, even with an {@link Error}; the worker goes on with the next. */
		void failed(T item, Throwable ex);

	}

	/**
	 * How a timed wait on the queue's lock is made: the JVM's monitor wait in production; a test's fake clock
	 * waits until it is advanced, so that backoffs and flush deadlines take no real time.
	 */
	interface Waiting {

		/** The monitor's own timed wait. */
		Waiting MONITOR = Object::wait;

		/**
		 * Waits on {@code lock}, held by the caller, until notified or about {@code millis} have passed; may return
		 * early (the caller looks at its clock again).
		 */
		void await(Object lock, long millis) throws InterruptedException;

	}

	private final int capacity;

	private final long maxBytes;

	private final ToLongFunction<T> weigher;

	/** Bytes of the items waiting and of the one in hand. */
	private long bytes;

	private @Nullable T inHand;

	private final String threadName;

	private final Worker<T> worker;

	private final Consumer<DropReason> drops;

	private final Clock clock;

	private final Waiting waiting;

	private final Object lock = new Object();

	private final Deque<T> items = new ArrayDeque<>();

	private @Nullable Thread thread;

	private boolean busy;

	private @Nullable Instant flushDeadline;

	private boolean closed;

	/**
	 * @param capacity items waiting at most
	 * @param maxBytes bytes held at most, the item in hand included
	 * @param weigher the bytes an item holds
	 * @param threadName the worker thread's name
	 * @param worker what handles each item
	 * @param drops told about each item given up, with the reason
	 * @param clock the time source of deadlines
	 */
	UploadQueue(int capacity, long maxBytes, ToLongFunction<T> weigher, String threadName, Worker<T> worker,
			Consumer<DropReason> drops, Clock clock) {
		this(capacity, maxBytes, weigher, threadName, worker, drops, clock, Waiting.MONITOR);
	}

	/**
	 * @param capacity items waiting at most
	 * @param maxBytes bytes held at most, the item in hand included
	 * @param weigher the bytes an item holds
	 * @param threadName the worker thread's name
	 * @param worker what handles each item
	 * @param drops told about each item given up, with the reason
	 * @param clock the time source of deadlines
	 * @param waiting how the timed waits until those deadlines are made
	 */
	UploadQueue(int capacity, long maxBytes, ToLongFunction<T> weigher, String threadName, Worker<T> worker,
			Consumer<DropReason> drops, Clock clock, Waiting waiting) {
		this.capacity = Math.max(1, capacity);
		this.maxBytes = maxBytes;
		this.weigher = weigher;
		this.threadName = threadName;
		this.worker = worker;
		this.drops = drops;
		this.clock = clock;
		this.waiting = waiting;
	}

	/** Hands over an item; returns at once. */
	void offer(T item) {
		synchronized (this.lock) {
			if (this.closed) {
				this.drops.accept(DropReason.SHUTDOWN);
				return;
			}
			long weight = this.weigher.applyAsLong(item);
			long inHandBytes = (this.inHand != null) ? this.weigher.applyAsLong(this.inHand) : 0;
			if (inHandBytes + weight > this.maxBytes) {
				// Larger than what may be held even alone beside the one in hand: the waiting items stay.
				this.drops.accept(DropReason.QUEUE_FULL);
				return;
			}
			while (!this.items.isEmpty()
					&& (this.items.size() >= this.capacity || this.bytes + weight > this.maxBytes)) {
				this.bytes -= this.weigher.applyAsLong(this.items.pollFirst());
				this.drops.accept(DropReason.QUEUE_FULL);
			}
			this.bytes += weight;
			this.items.addLast(item);
			startWorkerIfNeeded();
			this.lock.notifyAll();
		}
	}

	/** Bytes held by the items waiting and the one in hand. */
	long bytes() {
		synchronized (this.lock) {
			return this.bytes;
		}
	}

	/** Items waiting, the one in hand included. */
	int depth() {
		synchronized (this.lock) {
			return this.items.size() + (this.busy ? 1 : 0);
		}
	}

	int capacity() {
		return this.capacity;
	}

	/**
	 * Waits until every item handed over is done, at most {@code timeout}; then gives up what is left.
	 */
	void flush(Duration timeout) {
		synchronized (this.lock) {
			Instant deadline = this.clock.instant().plus(timeout);
			this.flushDeadline = deadline;
			this.lock.notifyAll();
			awaitIdle(deadline);
			abandonPendingWork();
			// Lets the worker record the fate of the item it had in hand.
			awaitIdle(this.clock.instant().plusSeconds(1));
			this.flushDeadline = null;
		}
	}

	/**
	 * Waits before the worker's next attempt at its item. False when a flush deadline or close means the item must
	 * be given up instead; the caller reports it.
	 */
	boolean pause(Duration pause) {
		synchronized (this.lock) {
			Instant wakeUp = this.clock.instant().plus(pause);
			while (!this.closed && !deadlinePassed()) {
				Instant until = (this.flushDeadline != null && this.flushDeadline.isBefore(wakeUp)) ? this.flushDeadline
						: wakeUp;
				if (!waitUntil(until)) {
					break;
				}
			}
			return !this.closed && !deadlinePassed();
		}
	}

	/** Whether the item in hand must be given up rather than tried (again). */
	boolean stopping() {
		synchronized (this.lock) {
			return this.closed;
		}
	}

	/** Gives up every waiting item and stops the worker thread. */
	void close() {
		Thread stopping;
		synchronized (this.lock) {
			this.closed = true;
			abandonPendingWork();
			stopping = this.thread;
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
	}

	// With the lock held.
	private void abandonPendingWork() {
		for (T item = this.items.pollFirst(); item != null; item = this.items.pollFirst()) {
			this.bytes -= this.weigher.applyAsLong(item);
			this.drops.accept(DropReason.SHUTDOWN);
		}
		if (this.busy) {
			this.worker.abandonInFlight();
		}
	}

	// With the lock held: until the worker is idle with nothing queued, or the deadline.
	private void awaitIdle(Instant deadline) {
		while ((!this.items.isEmpty() || this.busy) && waitUntil(deadline)) {
			// woken: look again
		}
	}

	// With the lock held: waits until notified or the instant; false once it has passed (or on interrupt).
	private boolean waitUntil(Instant until) {
		long millis = Duration.between(this.clock.instant(), until).toMillis();
		if (millis <= 0) {
			return false;
		}
		try {
			this.waiting.await(this.lock, millis);
			return true;
		}
		catch (InterruptedException ex) {
			// close() interrupts the worker; a caller interrupted otherwise stops waiting and keeps the flag.
			if (Thread.currentThread() != this.thread) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
	}

	private boolean deadlinePassed() {
		return this.flushDeadline != null && !this.clock.instant().isBefore(this.flushDeadline);
	}

	private void startWorkerIfNeeded() {
		if (this.thread == null || !this.thread.isAlive()) {
			Thread worker = new Thread(this::work, this.threadName);
			worker.setDaemon(true);
			this.thread = worker;
			worker.start();
		}
	}

	private void work() {
		while (true) {
			T next;
			synchronized (this.lock) {
				if (this.inHand != null) {
					this.bytes -= this.weigher.applyAsLong(this.inHand);
					this.inHand = null;
				}
				this.busy = false;
				this.lock.notifyAll();
				try {
					while (this.items.isEmpty() && !this.closed) {
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
				next = this.items.pollFirst();
				this.inHand = next;
				this.busy = true;
			}
			try {
				this.worker.process(next);
			}
			catch (RuntimeException | Error ex) {
				// Nothing may end the worker, or every later item would be lost. An Error (out of memory while
				// compressing a huge window, say) costs that item only: dropping it frees what it held.
				this.worker.failed(next, ex);
			}
		}
	}

}

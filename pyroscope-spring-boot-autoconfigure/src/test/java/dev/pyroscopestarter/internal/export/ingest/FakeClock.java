package dev.pyroscopestarter.internal.export.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when a test advances it, and the timed waits of an {@link UploadQueue} made on it: they
 * last until the clock is advanced (or the queue notifies), never for real time.
 */
final class FakeClock extends Clock implements UploadQueue.Waiting {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

	private final Set<Object> monitors = ConcurrentHashMap.newKeySet();

	private final AtomicInteger waits = new AtomicInteger();

	private final AtomicInteger waiting = new AtomicInteger();

	@Override
	public void await(Object lock, long millis) throws InterruptedException {
		this.monitors.add(lock);
		this.waits.incrementAndGet();
		this.waiting.incrementAndGet();
		try {
			lock.wait();
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	/** Moves the clock on and wakes every timed wait, which then looks at the clock again. */
	void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
		for (Object monitor : this.monitors) {
			synchronized (monitor) {
				monitor.notifyAll();
			}
		}
	}

	/** Timed waits begun so far. */
	int waitsBegun() {
		return this.waits.get();
	}

	/** Threads in a timed wait now. */
	int waiting() {
		return this.waiting.get();
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

}

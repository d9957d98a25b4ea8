package dev.pyroscopestarter.internal.export.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Thread-safe upload counters.
 */
final class UploadStatistics {

	private final Clock clock;

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicLong retried = new AtomicLong();

	private final AtomicLong bytesSent = new AtomicLong();

	private final AtomicLong labelNamesLeftOut = new AtomicLong();

	private final AtomicLong labelTextsCut = new AtomicLong();

	private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile int lastStatus;

	private volatile @Nullable String lastError;

	UploadStatistics(Clock clock) {
		this.clock = clock;
	}

	void received() {
		this.received.incrementAndGet();
	}

	void succeeded(int status, long bytes) {
		this.succeeded.incrementAndGet();
		this.bytesSent.addAndGet(bytes);
		this.lastStatus = status;
		this.lastSuccess = this.clock.instant();
	}

	void failedAttempt(int status, String error) {
		this.failedAttempts.incrementAndGet();
		if (status > 0) {
			this.lastStatus = status;
		}
		this.lastError = error;
		this.lastFailure = this.clock.instant();
	}

	void retried() {
		this.retried.incrementAndGet();
	}

	void dropped(DropReason reason) {
		this.dropped.incrementAndGet(reason.ordinal());
	}

	void labelsFitted(long namesLeftOut, long textsCut) {
		this.labelNamesLeftOut.addAndGet(namesLeftOut);
		this.labelTextsCut.addAndGet(textsCut);
	}

	long succeededCount() {
		return this.succeeded.get();
	}

	long droppedCount() {
		long total = 0;
		for (int i = 0; i < this.dropped.length(); i++) {
			total += this.dropped.get(i);
		}
		return total;
	}

	UploadFigures snapshot(IntSupplier queueDepth, LongSupplier queueBytes) {
		Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
		for (DropReason reason : DropReason.values()) {
			drops.put(reason, this.dropped.get(reason.ordinal()));
		}
		return new UploadFigures(this.received.get(), this.succeeded.get(), this.failedAttempts.get(), this.retried.get(), drops,
				this.bytesSent.get(), this.lastSuccess, this.lastFailure, this.lastStatus, this.lastError,
				queueDepth.getAsInt(), queueBytes.getAsLong(), this.labelNamesLeftOut.get(), this.labelTextsCut.get());
	}

}

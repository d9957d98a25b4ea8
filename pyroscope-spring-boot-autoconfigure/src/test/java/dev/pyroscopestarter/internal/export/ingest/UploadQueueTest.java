package dev.pyroscopestarter.internal.export.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upload queue on a fake clock: its pauses and flush deadlines pass when the test advances the clock, so
 * nothing here waits for real time (Awaitility only waits for the worker thread to get somewhere).
 */
class UploadQueueTest {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private final FakeClock clock = new FakeClock();

	private final List<String> processed = new CopyOnWriteArrayList<>();

	private final List<DropReason> drops = new CopyOnWriteArrayList<>();

	private final List<String> failed = new CopyOnWriteArrayList<>();

	private final AtomicInteger abandoned = new AtomicInteger();

	private UploadQueue<String> queue;

	@AfterEach
	void close() {
		if (this.queue != null) {
			this.queue.close();
		}
	}

	@Test
	void itemsAreProcessedInOrderOnOneNamedDaemonThread() {
		List<Thread> threads = new CopyOnWriteArrayList<>();
		this.queue = queue(8, 1_000, (item) -> {
			threads.add(Thread.currentThread());
			this.processed.add(item);
		});
		for (String item : List.of("a", "b", "c")) {
			this.queue.offer(item);
		}
		await().atMost(DEADLINE).until(() -> this.processed.size() == 3);
		assertThat(this.processed).containsExactly("a", "b", "c");
		assertThat(threads).extracting(Thread::getName).containsOnly("uploader");
		assertThat(threads).allMatch(Thread::isDaemon);
		await().atMost(DEADLINE).until(() -> this.queue.depth() == 0);
		assertThat(this.queue.bytes()).isZero();
		assertThat(this.drops).isEmpty();
	}

	@Test
	void whenFullTheOldestWaitingItemMakesRoom() throws InterruptedException {
		CountDownLatch inHand = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.queue = queue(2, 1_000, (item) -> {
			if (item.equals("first")) {
				inHand.countDown();
				awaitQuietly(release);
			}
			this.processed.add(item);
		});
		this.queue.offer("first");
		assertThat(inHand.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		this.queue.offer("second");
		this.queue.offer("third");
		assertThat(this.queue.depth()).isEqualTo(3);
		this.queue.offer("fourth");
		assertThat(this.drops).containsExactly(DropReason.QUEUE_FULL);
		assertThat(this.queue.depth()).isEqualTo(3);
		release.countDown();
		await().atMost(DEADLINE).until(() -> this.processed.size() == 3);
		assertThat(this.processed).containsExactly("first", "third", "fourth");
	}

	@Test
	void bytesAreBoundedTheItemInHandIncluded() throws InterruptedException {
		CountDownLatch release = startWithItemInHand(10, "aaaa");
		assertThat(this.queue.bytes()).isEqualTo(4);
		// Larger than what may be held beside the one in hand.
		this.queue.offer("ddddddddd");
		assertThat(this.drops).containsExactly(DropReason.QUEUE_FULL);
		assertThat(this.queue.bytes()).isEqualTo(4);
		this.queue.offer("bbbb");
		assertThat(this.queue.bytes()).isEqualTo(8);
		// 8 + 4 > 10: the oldest waiting item ("bbbb") makes room; the one in hand stays.
		this.queue.offer("cccc");
		assertThat(this.drops).containsExactly(DropReason.QUEUE_FULL, DropReason.QUEUE_FULL);
		assertThat(this.queue.bytes()).isEqualTo(8);
		release.countDown();
		await().atMost(DEADLINE).until(() -> this.processed.size() == 2);
		assertThat(this.processed).containsExactly("aaaa", "cccc");
		await().atMost(DEADLINE).until(() -> this.queue.bytes() == 0);
	}

	@Test
	void anItemTooLargeToBeHeldIsDroppedAloneLeavingTheWaitingItems() throws InterruptedException {
		CountDownLatch release = startWithItemInHand(10, "aaaa");
		this.queue.offer("bb");
		this.queue.offer("cc");
		// 4 in hand + 7 > 10 even with nothing waiting: evicting "bb" and "cc" could not make room.
		this.queue.offer("ddddddd");
		assertThat(this.drops).containsExactly(DropReason.QUEUE_FULL);
		assertThat(this.queue.bytes()).isEqualTo(8);
		release.countDown();
		await().atMost(DEADLINE).until(() -> this.processed.size() == 3);
		assertThat(this.processed).containsExactly("aaaa", "bb", "cc");
	}

	@Test
	void aPauseLastsUntilTheClockHasMovedOnByIt() {
		List<Boolean> pauses = new CopyOnWriteArrayList<>();
		this.queue = queue(8, 1_000, (item) -> {
			pauses.add(this.queue.pause(Duration.ofMinutes(5)));
			this.processed.add(item);
		});
		this.queue.offer("a");
		await().atMost(DEADLINE).until(() -> this.clock.waiting() == 1);
		int waits = this.clock.waitsBegun();
		this.clock.advance(Duration.ofMinutes(4));
		await().atMost(DEADLINE).until(() -> this.clock.waitsBegun() > waits && this.clock.waiting() == 1);
		assertThat(this.processed).isEmpty();
		this.clock.advance(Duration.ofMinutes(1));
		await().atMost(DEADLINE).until(() -> this.processed.size() == 1);
		assertThat(pauses).containsExactly(true);
	}

	@Test
	void aFlushGivesUpAtItsDeadlineTheItemInHandAndThoseWaiting() {
		List<Boolean> pauses = new CopyOnWriteArrayList<>();
		this.queue = queue(8, 1_000, (item) -> {
			// A server that keeps failing: the worker backs off for an hour before its next attempt.
			pauses.add(this.queue.pause(Duration.ofHours(1)));
			this.processed.add(item);
		});
		this.queue.offer("a");
		this.queue.offer("b");
		await().atMost(DEADLINE).until(() -> this.clock.waiting() == 1);
		CompletableFuture<Void> flush = CompletableFuture.runAsync(() -> this.queue.flush(Duration.ofSeconds(10)));
		await().atMost(DEADLINE).until(() -> this.clock.waiting() == 2);
		assertThat(flush).isNotDone();
		this.clock.advance(Duration.ofSeconds(10));
		await().atMost(DEADLINE).until(flush::isDone);
		assertThat(pauses).containsExactly(false);
		assertThat(this.abandoned).hasValue(1);
		assertThat(this.drops).containsExactly(DropReason.SHUTDOWN);
		assertThat(this.processed).containsExactly("a");
		assertThat(this.queue.depth()).isZero();
		assertThat(this.queue.bytes()).isZero();
	}

	@Test
	void aFlushWithNothingLeftReturnsWithoutGivingAnythingUp() {
		this.queue = queue(8, 1_000, this.processed::add);
		this.queue.offer("a");
		await().atMost(DEADLINE).until(() -> this.queue.depth() == 0);
		this.queue.flush(Duration.ofSeconds(10));
		assertThat(this.drops).isEmpty();
		assertThat(this.abandoned).hasValue(0);
		assertThat(this.processed).containsExactly("a");
	}

	@Test
	void afterAFlushThePauseOfALaterItemIsNotCutShort() {
		List<Boolean> pauses = new CopyOnWriteArrayList<>();
		this.queue = queue(8, 1_000, (item) -> pauses.add(this.queue.pause(Duration.ofSeconds(30))));
		this.queue.flush(Duration.ofSeconds(1));
		this.queue.offer("a");
		await().atMost(DEADLINE).until(() -> this.clock.waiting() == 1);
		this.clock.advance(Duration.ofSeconds(30));
		await().atMost(DEADLINE).until(() -> pauses.size() == 1);
		assertThat(pauses).containsExactly(true);
	}

	@Test
	void closeGivesUpWhatWaitsAndWhatComesLater() throws InterruptedException {
		CountDownLatch inHand = new CountDownLatch(1);
		List<Boolean> stopping = new CopyOnWriteArrayList<>();
		this.queue = queue(8, 1_000, (item) -> {
			inHand.countDown();
			stopping.add(!this.queue.pause(Duration.ofHours(1)) && this.queue.stopping());
		});
		this.queue.offer("a");
		this.queue.offer("b");
		assertThat(inHand.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		this.queue.close();
		assertThat(this.abandoned).hasValue(1);
		await().atMost(DEADLINE).until(() -> stopping.size() == 1);
		assertThat(stopping).containsExactly(true);
		this.queue.offer("c");
		assertThat(this.drops).containsExactly(DropReason.SHUTDOWN, DropReason.SHUTDOWN);
	}

	@Test
	void aFailingItemIsReportedAndTheWorkerGoesOnWithTheNext() {
		this.queue = queue(8, 1_000, (item) -> {
			switch (item) {
				case "runtime" -> throw new IllegalStateException("boom");
				case "error" -> throw new OutOfMemoryError("compressing");
				default -> this.processed.add(item);
			}
		});
		this.queue.offer("runtime");
		this.queue.offer("error");
		this.queue.offer("fine");
		await().atMost(DEADLINE).until(() -> this.processed.size() == 1);
		assertThat(this.failed).containsExactly("runtime: IllegalStateException", "error: OutOfMemoryError");
		assertThat(this.processed).containsExactly("fine");
		await().atMost(DEADLINE).until(() -> this.queue.bytes() == 0);
	}

	/** A queue of {@code maxBytes} whose worker holds {@code first} until the returned latch is counted down. */
	private CountDownLatch startWithItemInHand(long maxBytes, String first) throws InterruptedException {
		CountDownLatch inHand = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.queue = queue(100, maxBytes, (item) -> {
			inHand.countDown();
			awaitQuietly(release);
			this.processed.add(item);
		});
		this.queue.offer(first);
		assertThat(inHand.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		return release;
	}

	private UploadQueue<String> queue(int capacity, long maxBytes, Consumer<String> process) {
		UploadQueue.Worker<String> worker = new UploadQueue.Worker<>() {

			@Override
			public void process(String item) {
				process.accept(item);
			}

			@Override
			public void abandonInFlight() {
				UploadQueueTest.this.abandoned.incrementAndGet();
			}

			@Override
			public void failed(String item, Throwable ex) {
				UploadQueueTest.this.failed.add(item + ": " + ex.getClass().getSimpleName());
			}

		};
		return new UploadQueue<>(capacity, maxBytes, String::length, "uploader", worker, this.drops::add, this.clock,
				this.clock);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

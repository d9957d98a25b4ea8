package dev.pyroscopestarter.internal.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the store holds for a window: its aggregate, counted against the size limit with the frame names once for
 * all windows; the raw recording only when asked to keep it.
 */
class LocalProfileStoreTest {

	private static ProfileWindow window;

	private final List<LocalProfileStore> stores = new ArrayList<>();

	@BeforeAll
	static void record(@TempDir Path directory) throws IOException {
		window = Windows.recordedByTheJdk(directory, 400);
	}

	@Test
	void aWindowIsKeptAggregatedAndCountedWithoutItsRecording() {
		LocalProfileStore store = store(Duration.ofMinutes(5), 64L << 20, false);
		exportAndWait(store, window);
		WindowProfile profile = store.profiles(Duration.ofMinutes(5)).get(0);
		assertThat(profile.readable()).isTrue();
		assertThat(profile.rows(ProfileType.CPU)).isNotNull();
		assertThat(store.recordings(Duration.ofMinutes(5))).as("not kept unless asked").isEmpty();
		LocalStoreFigures figures = store.figures();
		assertThat(figures.recordingBytes()).isZero();
		assertThat(figures.retainedBytes()).as("the aggregate and its frame names")
			.isEqualTo(profile.bytes() + store.frameNamesBytes())
			.isGreaterThan(profile.bytes());
	}

	@Test
	void frameNamesSharedByWindowsAreCountedOnceAndLetGoWithTheLast() {
		LocalProfileStore store = store(Duration.ofMinutes(5), 64L << 20, false);
		exportAndWait(store, window);
		long one = store.figures().retainedBytes();
		long names = store.frameNamesBytes();
		exportAndWait(store, window);
		WindowProfile second = store.profiles(Duration.ofMinutes(5)).get(1);
		assertThat(store.frameNamesBytes()).as("the same frames").isEqualTo(names);
		assertThat(store.figures().retainedBytes()).isEqualTo(one + second.bytes());
		// Room for one window and half another's aggregate: the names are shared, the aggregates are not. (And for
		// the recording waiting to be parsed, which counts until it is.)
		LocalProfileStore small = store(Duration.ofMinutes(5), Math.max(window.size(), one + second.bytes() / 2),
				false);
		exportAndWait(small, window);
		exportAndWait(small, window);
		assertThat(small.figures().windows()).as("the first evicted for size").isEqualTo(1);
		assertThat(small.figures().evictedForSize()).isEqualTo(1);
		assertThat(small.figures().retainedBytes()).as("its names still used by the window kept").isEqualTo(one);
	}

	@Test
	void theRecordingIsKeptForTheJfrDownloadAndCounted() {
		LocalProfileStore store = store(Duration.ofMinutes(5), 64L << 20, true);
		exportAndWait(store, window);
		assertThat(store.recordings(Duration.ofMinutes(5))).containsExactly(window);
		assertThat(store.figures().recordingBytes()).isEqualTo(window.size());
		assertThat(store.figures().retainedBytes()).isGreaterThan(window.size());
	}

	@Test
	void theCallersThreadOnlyHandsTheWindowOverAndItsBytesCountUntilParsed() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<String> parsedOn = new AtomicReference<>();
		LocalProfileStore store = track(new LocalProfileStore(Duration.ofMinutes(5), 64L << 20, false,
				Clock.systemUTC(), (handed) -> {
					parsedOn.set(Thread.currentThread().getName());
					awaitQuietly(release);
					return WindowProfile.of(handed);
				}));
		// The profiler's scheduling thread: it must get back at once, whatever the parse costs.
		Thread scheduler = new Thread(() -> store.export(window), "PyroscopeProfilingScheduler");
		scheduler.start();
		scheduler.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(scheduler.isAlive()).as("export returned while the parse is held").isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> parsedOn.get() != null);
		assertThat(parsedOn.get()).isEqualTo("pyroscope-local");
		LocalStoreFigures waiting = store.figures();
		assertThat(waiting.windows()).isZero();
		assertThat(waiting.pending()).isEqualTo(1);
		assertThat(waiting.received()).isEqualTo(1);
		assertThat(waiting.retainedBytes()).as("the recording counts until parsed").isEqualTo(window.size());
		release.countDown();
		store.flush(Duration.ofSeconds(10));
		LocalStoreFigures parsed = store.figures();
		assertThat(parsed.windows()).isEqualTo(1);
		assertThat(parsed.pending()).isZero();
		assertThat(parsed.retainedBytes()).as("the aggregate instead of the recording")
			.isEqualTo(store.profiles(Duration.ofMinutes(5)).get(0).bytes() + store.frameNamesBytes());
	}

	@Test
	void windowsWaitingToBeParsedAreBoundedByTheSizeLimitOldestFirst() {
		CountDownLatch release = new CountDownLatch(1);
		// Room for two recordings: the one being parsed and one waiting.
		LocalProfileStore store = track(new LocalProfileStore(Duration.ofMinutes(5), 2 * window.size(), false,
				Clock.systemUTC(), (handed) -> {
					awaitQuietly(release);
					return WindowProfile.of(handed);
				}));
		for (int i = 0; i < 5; i++) {
			store.export(window);
		}
		LocalStoreFigures figures = store.figures();
		assertThat(figures.retainedBytes()).isLessThanOrEqualTo(2 * window.size());
		assertThat(figures.pending()).isEqualTo(2);
		assertThat(figures.evictedForSize()).isEqualTo(3);
		assertThat(figures.received()).isEqualTo(5);
		release.countDown();
		store.flush(Duration.ofSeconds(10));
		assertThat(store.figures().windows()).isEqualTo(2);
	}

	private static void exportAndWait(LocalProfileStore store, ProfileWindow window) {
		store.export(window);
		store.flush(Duration.ofSeconds(30));
	}

	private LocalProfileStore store(Duration retention, long maxBytes, boolean keepRecordings) {
		return track(new LocalProfileStore(retention, maxBytes, keepRecordings));
	}

	private LocalProfileStore track(LocalProfileStore store) {
		this.stores.add(store);
		return store;
	}

	@AfterEach
	void closeStores() {
		this.stores.forEach(LocalProfileStore::close);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

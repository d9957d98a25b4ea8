package dev.pyroscopestarter.internal.labels.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardinalityGuardTest {

	private final AtomicLong nanos = new AtomicLong();

	private final CardinalityGuard guard = new CardinalityGuard(2, "_overflow_", Duration.ofSeconds(10), this.nanos::get);

	@Test
	void admitsUpToTheLimitPerKeyThenCollapsesAndCounts() {
		assertThat(this.guard.admit("order_id", "1")).isEqualTo("1");
		assertThat(this.guard.admit("order_id", "2")).isEqualTo("2");
		assertThat(this.guard.admit("order_id", "3")).isEqualTo("_overflow_");
		assertThat(this.guard.admit("order_id", "4")).isEqualTo("_overflow_");
		// Admitted values stay admitted; other keys have their own budget.
		assertThat(this.guard.admit("order_id", "1")).isEqualTo("1");
		assertThat(this.guard.admit("tenant", "acme")).isEqualTo("acme");
		assertThat(this.guard.overflowCounts()).containsExactly(java.util.Map.entry("order_id", 2L));
	}

	@Test
	void aNewUploadWindowAdmitsNewValues() {
		this.guard.admit("order_id", "1");
		this.guard.admit("order_id", "2");
		this.guard.startNewWindow();
		assertThat(this.guard.admit("order_id", "3")).isEqualTo("3");
		assertThat(this.guard.admit("order_id", "4")).isEqualTo("4");
		assertThat(this.guard.admit("order_id", "1")).isEqualTo("_overflow_");
	}

	@Test
	void withoutWindowSignalsTheFallbackWindowEnds() {
		this.guard.admit("order_id", "1");
		this.guard.admit("order_id", "2");
		this.nanos.addAndGet(Duration.ofSeconds(9).toNanos());
		assertThat(this.guard.admit("order_id", "3")).isEqualTo("_overflow_");
		this.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(this.guard.admit("order_id", "3")).isEqualTo("3");
	}

	@Test
	void concurrentCallersNeverGetMoreDistinctValuesThanTheLimit() throws Exception {
		CardinalityGuard guard = new CardinalityGuard(50, "_overflow_", Duration.ofHours(1));
		Set<String> admitted = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 1000; i++) {
						admitted.add(guard.admit("id", Integer.toString((i * 7 + thread) % 400)));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		admitted.remove("_overflow_");
		assertThat(admitted).hasSize(50);
		assertThat(guard.overflowCounts().get("id")).isPositive();
	}

}

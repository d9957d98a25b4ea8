package dev.pyroscopestarter.internal.export.ingest;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Capped exponential backoff with full jitter. The waits are random: each test draws many and checks the bounds
 * they must keep and that they spread over the whole range (a draw stuck at the bottom or the top fails).
 */
class BackoffTest {

	private static final int DRAWS = 2_000;

	private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

	@Test
	void theCeilingDoublesWithEachRetryUpToTheMaximum() {
		assertThat(ceilingSeen(1)).isEqualTo(100);
		assertThat(ceilingSeen(2)).isEqualTo(200);
		assertThat(ceilingSeen(3)).isEqualTo(400);
		assertThat(ceilingSeen(6)).isEqualTo(3_200);
		assertThat(ceilingSeen(7)).isEqualTo(5_000);
		assertThat(ceilingSeen(20)).isEqualTo(5_000);
	}

	@Test
	void waitsAreJitteredFromZeroToTheCeiling() {
		LongSummaryStatistics waits = draws(4);
		assertThat(waits.getMin()).isGreaterThanOrEqualTo(0).isLessThan(80);
		assertThat(waits.getMax()).isLessThanOrEqualTo(800).isGreaterThan(720);
		// Full jitter: uniform, so the mean is half the ceiling (2,000 draws: within a few percent).
		assertThat(waits.getAverage()).isBetween(340.0, 460.0);
	}

	@Test
	void manyRetriesDoNotOverflowPastTheMaximum() {
		for (int retry : new int[] { 31, 32, 63, 64, 1_000, Integer.MAX_VALUE }) {
			LongSummaryStatistics waits = draws(retry);
			assertThat(waits.getMin()).as("retry %d", retry).isGreaterThanOrEqualTo(0);
			assertThat(waits.getMax()).as("retry %d", retry).isLessThanOrEqualTo(5_000).isGreaterThan(4_000);
		}
	}

	@Test
	void aMaximumBelowTheInitialWaitCapsTheFirstRetry() {
		Backoff capped = new Backoff(Duration.ofSeconds(10), Duration.ofMillis(50));
		long max = LongStream.range(0, DRAWS).map((i) -> capped.beforeRetry(1).toMillis()).max().orElseThrow();
		assertThat(max).isLessThanOrEqualTo(50).isGreaterThan(40);
	}

	private long ceilingSeen(int retry) {
		LongSummaryStatistics waits = draws(retry);
		long max = waits.getMax();
		// Rounded up to the ceiling the draws came near: within 10% of it, never above.
		return LongStream.of(100, 200, 400, 800, 1_600, 3_200, 5_000)
			.filter((ceiling) -> max <= ceiling && max > ceiling * 0.9)
			.findFirst()
			.orElse(-max);
	}

	private LongSummaryStatistics draws(int retry) {
		return LongStream.range(0, DRAWS).map((i) -> this.backoff.beforeRetry(retry).toMillis()).summaryStatistics();
	}

}

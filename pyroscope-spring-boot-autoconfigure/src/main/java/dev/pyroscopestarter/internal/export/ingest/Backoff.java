package dev.pyroscopestarter.internal.export.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter: the n-th retry waits a random time between zero and
 * {@code min(max, initial * 2^(n-1))}, so that many instances recovering together do not hit the server in step.
 */
record Backoff(Duration initial, Duration max) {

	Duration beforeRetry(int retry) {
		long ceiling = this.initial.toMillis() << Math.min(retry - 1, 30);
		if (ceiling <= 0 || ceiling > this.max.toMillis()) {
			ceiling = this.max.toMillis();
		}
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
	}

}

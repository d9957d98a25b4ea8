package dev.pyroscopestarter.export;

import java.time.Duration;

/**
 * What a flush achieved.
 *
 * @param uploaded profiles sent during the flush
 * @param dropped profiles given up during the flush (deadline reached, rejected or retries exhausted)
 * @param took how long the flush took
 */
public record FlushResult(long uploaded, long dropped, Duration took) {

	public boolean complete() {
		return this.dropped == 0;
	}

}

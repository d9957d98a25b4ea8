package dev.pyroscopestarter.internal.export.ingest;

import org.apache.commons.logging.Log;

/**
 * Logs upload problems once: the first failure of a run of failures is a warning, the rest go to debug, and the
 * first success after them says that uploads recovered. A server that is down must not flood the application's
 * log.
 */
final class UploadFailureLog {

	private final Log logger;

	private boolean failing;

	private long failuresInRow;

	private boolean queueFullReported;

	private boolean unexpectedReported;

	private boolean labelsFittedReported;

	UploadFailureLog(Log logger) {
		this.logger = logger;
	}

	synchronized void succeeded() {
		if (this.failing) {
			this.logger.info("Pyroscope uploads recovered after " + this.failuresInRow + " failed attempt(s)");
		}
		this.failing = false;
		this.failuresInRow = 0;
		this.queueFullReported = false;
		this.unexpectedReported = false;
	}

	synchronized void retryableFailure(String detail) {
		report("Pyroscope upload failed (" + detail + "); retrying with backoff. The application is not affected; "
				+ "check that pyroscope.server-address is reachable.");
	}

	synchronized void rejected(int status, String detail) {
		report("Pyroscope server rejected a profile (" + detail + "); it is dropped, not retried. " + hint(status));
	}

	synchronized void gaveUp(int attempts) {
		this.logger.debug("Gave up a Pyroscope upload after " + attempts + " attempts; the profile is dropped");
	}

	synchronized void queueFull(int capacity) {
		if (!this.queueFullReported) {
			this.queueFullReported = true;
			this.logger.warn("Pyroscope upload queue is full (" + capacity + " profiles); dropping the oldest. "
					+ "Raise pyroscope.export.queue-capacity if the server is only slow.");
		}
	}

	/** Labels fitted to the server's limits: said once, the counters tell the rest. */
	synchronized void labelsFitted(long namesLeftOut, long textsCut, int maxNames) {
		if (!this.labelsFittedReported) {
			this.labelsFittedReported = true;
			this.logger.warn("Some profiling samples carry more labels than the Pyroscope server accepts, which would "
					+ "have it refuse the whole upload: " + namesLeftOut + " dynamic label name(s) left out (at most "
					+ maxNames + " per sample beside the static labels), " + textsCut
					+ " label text(s) cut to the server's length. Use fewer dynamic or static labels; "
					+ "/actuator/pyroscope counts them.");
		}
	}

	/**
	 * An error no attempt could explain. Its message is not logged: a client library may repeat in it what it
	 * refused, such as a header value or a token. Its type and the first frames are enough to report it.
	 */
	synchronized void unexpected(Throwable ex) {
		this.failuresInRow++;
		String message = "Unexpected " + ex.getClass().getName() + " while uploading a Pyroscope profile"
				+ ((ex.getStackTrace().length > 0) ? " (at " + ex.getStackTrace()[0] + ")" : "")
				+ "; it is dropped. Please report it with this line.";
		if (!this.unexpectedReported) {
			this.unexpectedReported = true;
			this.failing = true;
			this.logger.warn(message);
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(message);
		}
	}

	private void report(String message) {
		this.failuresInRow++;
		if (!this.failing) {
			this.failing = true;
			this.logger.warn(message);
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(message);
		}
	}

	static String hint(int status) {
		return switch (status) {
			case 401, 403 -> "Check the credentials: pyroscope.auth-token, or pyroscope.basic-auth.username and "
					+ "pyroscope.basic-auth.password (and pyroscope.tenant-id on a multi-tenant server).";
			case 400, 422 -> "Check pyroscope.application-name and pyroscope.labels: names may hold letters, digits "
					+ "and '_', values no ',', '{', '}' or '='.";
			case 404 -> "Check pyroscope.server-address: it should point at the server's base URL (the starter adds "
					+ "/ingest).";
			case 300, 301, 302, 303, 307, 308 -> "The server redirected the upload; redirects are not followed, so that "
					+ "credentials and profiles never go to another address. Set pyroscope.server-address to the "
					+ "address the server redirects to.";
			case 407 -> "The proxy asks for credentials: set pyroscope.proxy.username and pyroscope.proxy.password "
					+ "(or check them).";
			case 413 -> "The profile is too large for the server: lower pyroscope.upload-interval or "
					+ "pyroscope.profiler.stack-depth, or raise the server's size limit.";
			default -> "Check the Pyroscope server's logs.";
		};
	}

}

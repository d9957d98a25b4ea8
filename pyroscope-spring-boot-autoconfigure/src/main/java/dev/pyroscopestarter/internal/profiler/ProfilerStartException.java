package dev.pyroscopestarter.internal.profiler;

/**
 * The profiler could not start and {@code pyroscope.fail-fast} asks for the application to fail.
 */
public class ProfilerStartException extends RuntimeException {

	private final String reason;

	public ProfilerStartException(String reason, Throwable cause) {
		super("Pyroscope profiler could not start: " + reason, cause);
		this.reason = reason;
	}

	public String getReason() {
		return this.reason;
	}

}

package dev.pyroscopestarter.internal.config;

/**
 * A {@code pyroscope.*} setting that the starter cannot work with. It carries the property's name and the fix, so
 * that the failure analyzer can tell the user exactly what to change. Values are never included when they may
 * be secret.
 */
public class InvalidPyroscopeConfigurationException extends RuntimeException {

	private final String property;

	private final String problem;

	private final String fix;

	public InvalidPyroscopeConfigurationException(String property, String problem, String fix) {
		super("Invalid Pyroscope configuration '" + property + "': " + problem);
		this.property = property;
		this.problem = problem;
		this.fix = fix;
	}

	/** The property at fault, for example {@code pyroscope.labels.region}. */
	public String getProperty() {
		return this.property;
	}

	/** What is wrong with it. */
	public String getProblem() {
		return this.problem;
	}

	/** What to change. */
	public String getFix() {
		return this.fix;
	}

}

package dev.pyroscopestarter.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pyroscope credentials imported from AWS Secrets Manager.
 */
@ConfigurationProperties(PyroscopeAwsProperties.PREFIX)
public class PyroscopeAwsProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "pyroscope.aws";

	/**
	 * Least time between two reads of the secret after the server refused the credentials, so that a token that
	 * is simply wrong does not turn every upload into a Secrets Manager call.
	 */
	private Duration secretRereadInterval = Duration.ofSeconds(30);

	public Duration getSecretRereadInterval() {
		return this.secretRereadInterval;
	}

	public void setSecretRereadInterval(Duration secretRereadInterval) {
		this.secretRereadInterval = secretRereadInterval;
	}

}

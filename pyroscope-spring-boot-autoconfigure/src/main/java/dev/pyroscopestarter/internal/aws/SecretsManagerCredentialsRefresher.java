package dev.pyroscopestarter.internal.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.pyroscopestarter.export.ingest.CredentialsRefresher;
import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.internal.config.AgentVariablePropertySource;
import io.awspring.cloud.secretsmanager.SecretsManagerPropertySource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Re-reads the Secrets Manager secrets that hold Pyroscope keys when the server refuses the credentials, so that
 * a rotated token is picked up without a restart. The fresh secret replaces the old one in the Environment, and
 * the credentials are bound again from it. At most one read per {@code minInterval}: a token that is simply wrong
 * must not turn every upload into a Secrets Manager call.
 */
public class SecretsManagerCredentialsRefresher implements CredentialsRefresher {

	private static final Log logger = LogFactory.getLog(SecretsManagerCredentialsRefresher.class);

	private final ConfigurableEnvironment environment;

	private final Duration minInterval;

	private final Clock clock;

	private final Function<Environment, IngestCredentials> credentials;

	private @Nullable Instant lastRead;

	/**
	 * @param environment the Environment the secrets were imported into
	 * @param minInterval least time between two reads
	 * @param clock the time source
	 * @param credentials reads the credentials from the Environment, once the secrets are fresh
	 */
	public SecretsManagerCredentialsRefresher(ConfigurableEnvironment environment, Duration minInterval, Clock clock,
			Function<Environment, IngestCredentials> credentials) {
		this.environment = environment;
		this.minInterval = minInterval;
		this.clock = clock;
		this.credentials = credentials;
	}

	/** Secrets of the Environment that hold Pyroscope keys. */
	public static List<SecretsManagerPropertySource> pyroscopeSecrets(ConfigurableEnvironment environment) {
		return environment.getPropertySources().stream()
			.filter(SecretsManagerPropertySource.class::isInstance)
			.map(SecretsManagerPropertySource.class::cast)
			.filter(AgentVariablePropertySource::hasAgentVariables)
			.toList();
	}

	@Override
	public synchronized Optional<IngestCredentials> refresh() {
		Instant now = this.clock.instant();
		if (this.lastRead != null && now.isBefore(this.lastRead.plus(this.minInterval))) {
			logger.debug("Pyroscope secret was read less than " + this.minInterval + " ago; not reading it again yet");
			return Optional.empty();
		}
		this.lastRead = now;
		try {
			for (SecretsManagerPropertySource secret : pyroscopeSecrets(this.environment)) {
				reload(secret);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not re-read the Pyroscope secret from AWS Secrets Manager ("
					+ ex.getClass().getSimpleName() + "); keeping the current credentials");
			return Optional.empty();
		}
		return Optional.of(this.credentials.apply(this.environment));
	}

	private void reload(SecretsManagerPropertySource secret) {
		SecretsManagerPropertySource fresh = secret.copy();
		fresh.init();
		this.environment.getPropertySources().replace(secret.getName(), fresh);
		String companion = AgentVariablePropertySource.companionName(secret.getName());
		if (this.environment.getPropertySources().contains(companion)) {
			PropertySource<?> translated = new AgentVariablePropertySource(fresh);
			this.environment.getPropertySources().replace(companion, translated);
		}
		logger.info("Re-read " + secret.getName() + " after the Pyroscope server refused the credentials");
	}

}

package dev.pyroscopestarter.aws;

import java.time.Clock;
import java.time.Duration;

import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.export.CredentialsRefresher;
import io.awspring.cloud.secretsmanager.SecretsManagerPropertySource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * When Pyroscope's credentials come from AWS Secrets Manager (through {@code spring.config.import=aws-secretsmanager:...}),
 * re-read the secret when the server refuses them, so that rotation needs no restart.
 */
@AutoConfiguration(before = PyroscopeAutoConfiguration.class)
@ConditionalOnClass(SecretsManagerPropertySource.class)
@ConditionalOnBooleanProperty(name = "pyroscope.enabled", matchIfMissing = true)
@Conditional(OnPyroscopeSecretCondition.class)
public final class PyroscopeSecretsManagerAutoConfiguration {

	/** How often, at most, the secret is read again after a refusal. */
	static final Duration MIN_REREAD_INTERVAL = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean
	CredentialsRefresher pyroscopeCredentialsRefresher(ConfigurableEnvironment environment) {
		Duration minInterval = environment.getProperty("pyroscope.aws.secret-reread-interval", Duration.class,
				MIN_REREAD_INTERVAL);
		return new SecretsManagerCredentialsRefresher(environment, minInterval, Clock.systemUTC());
	}

}

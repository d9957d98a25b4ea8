package dev.pyroscopestarter.autoconfigure;

import java.time.Clock;

import dev.pyroscopestarter.export.ingest.CredentialsRefresher;
import dev.pyroscopestarter.internal.aws.SecretsManagerCredentialsRefresher;
import io.awspring.cloud.secretsmanager.SecretsManagerPropertySource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * When Pyroscope's credentials come from AWS Secrets Manager (through
 * {@code spring.config.import=aws-secretsmanager:...}), re-read the secret when the server refuses them, so that
 * rotation needs no restart.
 */
@AutoConfiguration(before = PyroscopeAutoConfiguration.class)
@ConditionalOnProfiling
@ConditionalOnClass(SecretsManagerPropertySource.class)
@Conditional(OnPyroscopeSecretCondition.class)
@EnableConfigurationProperties(PyroscopeAwsProperties.class)
public final class PyroscopeSecretsManagerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CredentialsRefresher pyroscopeCredentialsRefresher(ConfigurableEnvironment environment,
			PyroscopeAwsProperties properties) {
		return new SecretsManagerCredentialsRefresher(environment, properties.getSecretRereadInterval(),
				Clock.systemUTC(), (fresh) -> PyroscopePropertiesResolver.credentials(
						Binder.get(fresh).bindOrCreate(PyroscopeProperties.PREFIX, PyroscopeProperties.class)));
	}

}

package dev.pyroscopestarter.autoconfigure;

import dev.pyroscopestarter.internal.aws.SecretsManagerCredentialsRefresher;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a secret imported from AWS Secrets Manager holds Pyroscope keys.
 */
class OnPyroscopeSecretCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (context.getEnvironment() instanceof ConfigurableEnvironment environment
				&& !SecretsManagerCredentialsRefresher.pyroscopeSecrets(environment).isEmpty()) {
			return ConditionOutcome.match("a Secrets Manager secret holds Pyroscope keys");
		}
		return ConditionOutcome.noMatch("no Secrets Manager secret holds Pyroscope keys");
	}

}

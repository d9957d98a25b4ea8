package dev.pyroscopestarter.diagnostics;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a secret that {@code spring.config.import=aws-secretsmanager:...} could not read, with the actions that
 * fix it. Spring Cloud AWS is optional, so its exception is recognised by name rather than by type.
 */
class SecretsManagerImportFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String NOT_FOUND = "io.awspring.cloud.autoconfigure.config.secretsmanager."
			+ "AwsSecretsManagerPropertySourceNotFoundException";

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (NOT_FOUND.equals(candidate.getClass().getName())) {
				Throwable awsError = (candidate.getCause() != null) ? candidate.getCause() : candidate;
				return new FailureAnalysis("A secret imported with spring.config.import=aws-secretsmanager:... could "
						+ "not be read from AWS Secrets Manager: " + awsError.getMessage(),
						"Check the secret's name or ARN in spring.config.import and its region "
								+ "(spring.cloud.aws.region.static or AWS_REGION). The application's role needs "
								+ "secretsmanager:GetSecretValue on the secret (and kms:Decrypt for a customer-managed "
								+ "key). To start without the secret, import it as "
								+ "spring.config.import=optional:aws-secretsmanager:<secret-id>.",
						failure);
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

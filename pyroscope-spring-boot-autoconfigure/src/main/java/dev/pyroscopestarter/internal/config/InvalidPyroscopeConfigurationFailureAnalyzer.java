package dev.pyroscopestarter.internal.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code pyroscope.*} setting the starter cannot work with: which property, what is wrong, what to do.
 * Ordered first, so that it wins over Spring Boot's generic binding analysis when the problem surfaced while
 * binding.
 */
class InvalidPyroscopeConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPyroscopeConfigurationException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPyroscopeConfigurationException cause) {
		String description = "The Pyroscope setting '" + cause.getProperty() + "' is invalid: " + cause.getProblem()
				+ ".";
		String action = cause.getFix()
				+ " (Set it in application.yml, or with the matching PYROSCOPE_* environment variable.)";
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

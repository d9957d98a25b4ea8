package dev.pyroscopestarter.internal.config;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class FailureAnalyzersTest {

	@Test
	void invalidConfigurationNamesThePropertyAndTheFix() {
		Exception failure = new BeanCreationException("pyroscopeSettings", "failed",
				new InvalidPyroscopeConfigurationException("pyroscope.labels.team-name",
						"the label name 'team-name' may hold only letters, digits and '_'",
						"Rename the label, for example to 'team_name'."));
		FailureAnalysis analysis = new InvalidPyroscopeConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("'pyroscope.labels.team-name' is invalid")
			.contains("letters, digits and '_'");
		assertThat(analysis.getAction()).contains("team_name").contains("PYROSCOPE_");
	}

	@Test
	void othersAreLeftToSpringBoot() {
		assertThat(new InvalidPyroscopeConfigurationFailureAnalyzer().analyze(new IllegalStateException("x"))).isNull();
	}

}

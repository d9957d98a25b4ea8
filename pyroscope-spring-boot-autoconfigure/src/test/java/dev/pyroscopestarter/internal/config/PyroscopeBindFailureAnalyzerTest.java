package dev.pyroscopestarter.internal.config;

import java.time.Duration;
import java.time.Period;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PyroscopeBindFailureAnalyzerTest {

	private final PyroscopeBindFailureAnalyzer analyzer = new PyroscopeBindFailureAnalyzer();

	@Test
	void explainsTheSyntaxOfAPyroscopeDuration() {
		FailureAnalysis analysis = this.analyzer.analyze(bindFailure("pyroscope.export.timeout", "soon", Duration.class));
		assertThat(analysis.getDescription())
			.startsWith("The Pyroscope setting 'pyroscope.export.timeout' could not be read: 'soon' is not a duration.");
		assertThat(analysis.getAction()).contains("10s, 500ms or 2m").contains("PYROSCOPE_PROFILE_EXPORT_TIMEOUT");
	}

	@Test
	void leavesOtherPropertiesAndOtherTypesToSpringBoot() {
		assertThat(this.analyzer.analyze(bindFailure("server.shutdown-timeout", "soon", Duration.class))).isNull();
		assertThat(this.analyzer.analyze(bindFailure("pyroscope.local.period", "x", Period.class))).isNull();
	}

	private static BindException bindFailure(String property, String value, Class<?> type) {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(property, value)));
		BindException failure = catchThrowableOfType(BindException.class, () -> binder.bind(property, type));
		assertThat(failure).as("binding fails").isNotNull();
		return failure;
	}

}

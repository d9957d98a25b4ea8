package dev.pyroscopestarter.internal.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Explains a {@code pyroscope.*} value that is not of its property's type (a duration, a size, an event, a
 * number, true or false): what is expected, with an example, and which agent variable can set it too. Spring Boot's
 * own analysis names the property but not the syntax. Only such values are repeated: a value that fails to bind is
 * never a string, so never a token or password.
 */
class PyroscopeBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String property = cause.getName().toString();
		if (!property.startsWith("pyroscope.") || findCause(rootFailure, InvalidPyroscopeConfigurationException.class) != null) {
			return null;
		}
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		Expectation expected = expectation(type);
		if (expected == null) {
			return null;
		}
		ConfigurationProperty bound = cause.getProperty();
		StringBuilder description = new StringBuilder("The Pyroscope setting '").append(property)
			.append("' could not be read");
		if (bound != null && bound.getValue() != null) {
			description.append(": '").append(bound.getValue()).append("' is not ").append(expected.what());
		}
		description.append('.');
		if (bound != null && bound.getOrigin() != null) {
			description.append(" It was set by ").append(bound.getOrigin()).append('.');
		}
		List<String> variables = AgentVariableAliases.all()
			.stream()
			.filter((alias) -> alias.property().equals(property))
			.map(AgentVariableAliases.Alias::variable)
			.toList();
		String action = expected.how();
		if (!variables.isEmpty()) {
			action += " The agent variable " + String.join(" or ", variables) + " sets it too.";
		}
		return new FailureAnalysis(description.toString(), action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static @Nullable Expectation expectation(Class<?> type) {
		if (type == Duration.class) {
			return new Expectation("a duration", "Write a duration such as 10s, 500ms or 2m (a number alone means "
					+ "milliseconds; in a PYROSCOPE_* variable it means nanoseconds, as for the agent).");
		}
		if (type == DataSize.class) {
			return new Expectation("a size", "Write a size such as 512KB or 10MB (a number alone means bytes).");
		}
		if (type.isEnum()) {
			String values = Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
			return new Expectation("one of " + values, "Use one of: " + values + ".");
		}
		if (type == boolean.class || type == Boolean.class) {
			return new Expectation("true or false", "Use true or false.");
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			return new Expectation("a whole number", "Use a whole number, for example 8.");
		}
		return null;
	}

	private record Expectation(String what, String how) {

	}

}

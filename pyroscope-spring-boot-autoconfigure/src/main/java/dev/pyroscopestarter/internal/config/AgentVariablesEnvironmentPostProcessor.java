package dev.pyroscopestarter.internal.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Binds the official Pyroscope agent's variables ({@code PYROSCOPE_SERVER_ADDRESS}, {@code pyroscope_auth_token},
 * ...) to {@code pyroscope.*} properties. Runs after config data has been loaded, so that keys of imported
 * configuration (such as a JSON secret) are seen too.
 */
public class AgentVariablesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Right after config data, so imported sources exist. */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	private final Log logger;

	public AgentVariablesEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(AgentVariablesEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<PropertySource<?>> sources = new ArrayList<>();
		environment.getPropertySources().forEach(sources::add);
		for (PropertySource<?> source : sources) {
			if (AgentVariablePropertySource.hasAgentVariables(source)
					&& !environment.getPropertySources().contains(AgentVariablePropertySource.companionName(source.getName()))) {
				environment.getPropertySources().addBefore(source.getName(), new AgentVariablePropertySource(source));
			}
		}
		warnAboutUnsupportedVariables(environment);
	}

	private void warnAboutUnsupportedVariables(ConfigurableEnvironment environment) {
		for (String variable : AgentVariableAliases.UNSUPPORTED) {
			String value = environment.getProperty(variable);
			if (value == null) {
				value = environment.getProperty(variable.toLowerCase(Locale.ROOT));
			}
			if (value != null && !isDefaultChoice(variable, value)) {
				this.logger.warn(variable + " is a Pyroscope agent setting that the Spring Boot starter does not "
						+ "support; it is ignored (the starter uploads JFR from async-profiler).");
			}
		}
	}

	private static boolean isDefaultChoice(String variable, String value) {
		return ("PYROSCOPE_FORMAT".equals(variable) && "jfr".equalsIgnoreCase(value))
				|| ("PYROSCOPE_PROFILER_TYPE".equals(variable) && "async".equalsIgnoreCase(value));
	}

}

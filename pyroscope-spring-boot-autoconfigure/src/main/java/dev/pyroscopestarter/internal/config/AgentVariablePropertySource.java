package dev.pyroscopestarter.internal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Shows the agent variables found in one property source as {@code pyroscope.*} properties. It is placed right
 * before that source, so the translated values have the precedence of the place they came from: an environment
 * variable still beats {@code application.yml}, and a key of an imported secret beats the file that imported it.
 * Values are read from the source on every call, so a source whose content is replaced stays current.
 */
public final class AgentVariablePropertySource extends EnumerablePropertySource<PropertySource<?>> {

	static final String NAME_SUFFIX = " (Pyroscope agent variables)";

	private final boolean includeDottedForm;

	public AgentVariablePropertySource(PropertySource<?> origin) {
		super(origin.getName() + NAME_SUFFIX, origin);
		this.includeDottedForm = StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(origin.getName());
	}

	/** The name of the companion of the source with the given name. */
	public static String companionName(String originName) {
		return originName + NAME_SUFFIX;
	}

	/** Whether the source holds any agent variable worth a companion. */
	public static boolean hasAgentVariables(PropertySource<?> source) {
		if (source instanceof AgentVariablePropertySource) {
			return false;
		}
		// Presence only: translating here would fail startup before the failure analyzers can explain a bad value.
		AgentVariablePropertySource candidate = new AgentVariablePropertySource(source);
		return AgentVariableAliases.all().stream().anyMatch((alias) -> candidate.valueOf(alias) != null);
	}

	@Override
	public String[] getPropertyNames() {
		return translate().keySet().toArray(String[]::new);
	}

	@Override
	public @Nullable Object getProperty(String name) {
		// Binding asks for many names: translate only the aliases that can yield this one, first in table order.
		for (AgentVariableAliases.Alias alias : AgentVariableAliases.all()) {
			if (name.equals(alias.property()) || name.startsWith(alias.property() + ".")) {
				Object value = valueOf(alias);
				String translated = (value != null) ? alias.toProperties(value.toString()).get(name) : null;
				if (translated != null) {
					return translated;
				}
			}
		}
		return null;
	}

	private Map<String, String> translate() {
		Map<String, String> properties = new LinkedHashMap<>();
		for (AgentVariableAliases.Alias alias : AgentVariableAliases.all()) {
			Object value = valueOf(alias);
			if (value != null) {
				alias.toProperties(value.toString()).forEach(properties::putIfAbsent);
			}
		}
		return properties.isEmpty() ? Collections.emptyMap() : properties;
	}

	private @Nullable Object valueOf(AgentVariableAliases.Alias alias) {
		for (String spelling : alias.spellings(this.includeDottedForm)) {
			Object value = getSource().getProperty(spelling);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

}

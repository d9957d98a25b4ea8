package dev.pyroscopestarter.autoconfigure.labels;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.labels.support.LabelRules;
import dev.pyroscopestarter.labels.support.LabelStack;
import dev.pyroscopestarter.labels.web.servlet.RouteLabelsInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Labels Spring MVC requests with their route template, method and mapped headers. WebFlux is not supported.
 */
@AutoConfiguration(after = PyroscopeLabelsAutoConfiguration.class)
@ConditionalOnProfiling
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "pyroscope.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroscopeWebProperties.class)
public final class PyroscopeWebLabelsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RouteLabelsInterceptor pyroscopeRouteLabelsInterceptor(LabelStack stack, LabelRules rules,
			PyroscopeWebProperties properties) {
		Map<String, String> headerLabels = new LinkedHashMap<>();
		properties.getHeaderLabels().forEach((label, header) -> {
			checkName("pyroscope.web.header-labels." + label, label);
			if (header == null || header.isBlank()) {
				throw new InvalidPyroscopeConfigurationException("pyroscope.web.header-labels." + label,
						"no header name is given", "Set the request header to read, for example 'X-Tenant-Id'.");
			}
			headerLabels.put(label, header.strip());
		});
		String route = optionalName("pyroscope.web.route-label", properties.getRouteLabel());
		String method = optionalName("pyroscope.web.method-label", properties.getMethodLabel());
		return new RouteLabelsInterceptor(stack, rules, route, method, headerLabels);
	}

	@Bean
	WebMvcConfigurer pyroscopeRouteLabelsWebMvcConfigurer(RouteLabelsInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				// First, so that the work of the interceptors after it is labelled too.
				registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
			}

		};
	}

	private static @Nullable String optionalName(String property, @Nullable String name) {
		if (name == null || name.isBlank()) {
			return null;
		}
		checkName(property, name.strip());
		return name.strip();
	}

	private static void checkName(String property, String name) {
		String problem = LabelRules.problemWithName(name);
		if (problem != null) {
			throw new InvalidPyroscopeConfigurationException(property, problem,
					"Use only letters, digits and '_', for example '" + LabelRules.suggestName(name) + "'.");
		}
	}

}

package dev.pyroscopestarter.autoconfigure.labels;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.web.servlet.RouteLabelsInterceptor;

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
 * Labels Spring MVC requests with their route template, method and mapped headers (WebFlux requests:
 * {@link PyroscopeWebFluxLabelsAutoConfiguration}).
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
			LabelSettings settings) {
		return new RouteLabelsInterceptor(stack, rules, settings.routeLabel(), settings.methodLabel(),
				settings.headerLabels());
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

}

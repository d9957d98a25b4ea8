package dev.pyroscopestarter.autoconfigure.labels;

import dev.pyroscopestarter.autoconfigure.ConditionalOnProfiling;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.web.reactive.ReactiveRouteLabels;
import dev.pyroscopestarter.internal.labels.web.reactive.RequestLabelsContextFilter;
import dev.pyroscopestarter.internal.labels.web.reactive.RouteLabelsHandlerAdapter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerAdapter;

/**
 * Labels Spring WebFlux requests with their route template, method and mapped headers, on every thread a request's
 * chain runs from its handler on: the handler adapter applies them where the handler is invoked, and the schedule
 * hook that {@link PyroscopeLabelsAutoConfiguration} registers takes them along to Reactor's schedulers; under
 * Reactor's automatic context propagation a filter holds the request's labels in its Context.
 */
@AutoConfiguration(after = PyroscopeLabelsAutoConfiguration.class)
@ConditionalOnProfiling
@ConditionalOnClass({ DispatcherHandler.class, reactor.core.publisher.Mono.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "pyroscope.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroscopeWebProperties.class)
public final class PyroscopeWebFluxLabelsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactiveRouteLabels pyroscopeReactiveRouteLabels(LabelStack stack, LabelRules rules,
			LabelSettings settings) {
		return new ReactiveRouteLabels(stack, rules, settings.routeLabel(), settings.methodLabel(),
				settings.headerLabels());
	}

	@Bean
	@ConditionalOnMissingBean
	RouteLabelsHandlerAdapter pyroscopeRouteLabelsHandlerAdapter(ReactiveRouteLabels labels,
			ObjectProvider<HandlerAdapter> adapters) {
		return new RouteLabelsHandlerAdapter(labels, () -> adapters.orderedStream().toList());
	}

	// Does nothing unless the application turns on Reactor's automatic context propagation.
	@Bean
	@ConditionalOnMissingBean
	RequestLabelsContextFilter pyroscopeRequestLabelsContextFilter() {
		return new RequestLabelsContextFilter();
	}

}

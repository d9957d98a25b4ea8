package dev.pyroscopestarter.autoconfigure.labels;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.internal.labels.web.reactive.ReactiveRouteLabels;
import dev.pyroscopestarter.internal.labels.web.reactive.RequestLabelsContextFilter;
import dev.pyroscopestarter.internal.labels.web.reactive.RouteLabelsHandlerAdapter;
import dev.pyroscopestarter.internal.labels.web.servlet.RouteLabelsInterceptor;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfilingLabels;
import dev.pyroscopestarter.labels.reactor.ReactiveLabels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

class PyroscopeWebFluxLabelsAutoConfigurationTest {

	private static final AutoConfigurations LABELS = AutoConfigurations.of(PyroscopeLabelsAutoConfiguration.class,
			PyroscopeWebLabelsAutoConfiguration.class, PyroscopeWebFluxLabelsAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(LABELS);

	@BeforeEach
	void startFromReactorsDefault() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void aReactiveApplicationGetsTheHandlerAdapterAndOnlyTheContextFilter() {
		// The labels apply from the handler on; the one filter only holds them for automatic context propagation.
		this.reactive.run((context) -> assertThat(context).hasSingleBean(ReactiveRouteLabels.class)
			.hasSingleBean(RouteLabelsHandlerAdapter.class)
			.hasSingleBean(ReactiveLabels.class)
			.hasSingleBean(WebFilter.class)
			.hasSingleBean(RequestLabelsContextFilter.class)
			.doesNotHaveBean(RouteLabelsInterceptor.class));
	}

	@Test
	void anApplicationsOwnBeansReplaceTheStartersOnes() {
		ReactiveRouteLabels labels = new ReactiveRouteLabels(
				new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL, VirtualThreadHooks.shared()),
				new LabelRules(new CardinalityGuard(10, "_overflow_", Duration.ofSeconds(10)), 128), "route", null,
				Map.of());
		RouteLabelsHandlerAdapter adapter = new RouteLabelsHandlerAdapter(labels, List::of);
		this.reactive.withBean(ReactiveRouteLabels.class, () -> labels).run((context) -> {
			assertThat(context).hasSingleBean(ReactiveRouteLabels.class).hasSingleBean(RouteLabelsHandlerAdapter.class);
			assertThat(context).getBean(ReactiveRouteLabels.class).isSameAs(labels);
		});
		this.reactive.withBean(RouteLabelsHandlerAdapter.class, () -> adapter).run((context) -> {
			assertThat(context).hasSingleBean(RouteLabelsHandlerAdapter.class);
			assertThat(context).getBean(RouteLabelsHandlerAdapter.class).isSameAs(adapter);
		});
	}

	@Test
	void aServletApplicationGetsNoneOfThem() {
		new WebApplicationContextRunner().withConfiguration(LABELS)
			.run((context) -> assertThat(context).hasSingleBean(RouteLabelsInterceptor.class)
				.doesNotHaveBean(ReactiveRouteLabels.class)
				.doesNotHaveBean(RouteLabelsHandlerAdapter.class));
	}

	@Test
	void switchedOffWithTheWebLabels() {
		this.reactive.withPropertyValues("pyroscope.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveRouteLabels.class)
				.doesNotHaveBean(RouteLabelsHandlerAdapter.class));
	}

	@Test
	void noRouteLabelsWithoutWebFluxNorReactiveLabelsWithoutReactor() {
		this.reactive.withClassLoader(new FilteredClassLoader(DispatcherHandler.class))
			.run((context) -> assertThat(context).hasSingleBean(ReactiveLabels.class)
				.doesNotHaveBean(RouteLabelsHandlerAdapter.class));
		new ApplicationContextRunner().withConfiguration(LABELS)
			.withClassLoader(new FilteredClassLoader(Mono.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveLabels.class));
	}

	@Test
	void anInvalidHeaderLabelFailsStartupNamingTheProperty() {
		this.reactive.withPropertyValues("pyroscope.web.header-labels.tenant-id=X-Tenant-Id")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidPyroscopeConfigurationException.class)
				.hasMessageContaining("pyroscope.web.header-labels.tenant-id"));
	}

	@Test
	void reactorsAutomaticContextPropagationIsLeftAsTheApplicationSetsIt() {
		this.reactive.run((context) -> assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse());
		Hooks.enableAutomaticContextPropagation();
		try {
			this.reactive.run((context) -> assertThat(Hooks.isAutomaticContextPropagationEnabled()).isTrue());
			assertThat(Hooks.isAutomaticContextPropagationEnabled()).isTrue();
		}
		finally {
			Hooks.disableAutomaticContextPropagation();
		}
	}

	@Test
	void reactorTasksTakeTheLabelsAlongWhileTheContextRuns() {
		Runnable task = () -> {
		};
		AtomicReference<LabelStack> stack = new AtomicReference<>();
		this.reactive.run((context) -> {
			stack.set(context.getBean(LabelStack.class));
			try (LabelScope scope = context.getBean(ProfilingLabels.class).open("vehicle", "car")) {
				assertThat(Schedulers.onSchedule(task)).isNotSameAs(task);
			}
			assertThat(Schedulers.onSchedule(task)).as("no labels, nothing to take along").isSameAs(task);
		});
		try (LabelScope scope = stack.get().enterMerged(LabelSet.of(Map.of("vehicle", "car")))) {
			assertThat(Schedulers.onSchedule(task)).as("hook removed on close").isSameAs(task);
		}
	}

	@Test
	void aContextClosingLeavesTheHookOfOneStartedAfterIt() {
		Runnable task = () -> {
		};
		AtomicReference<LabelStack> stack = new AtomicReference<>();
		this.reactive.run((first) -> this.reactive.run((second) -> {
			stack.set(second.getBean(LabelStack.class));
			first.close();
			try (LabelScope scope = second.getBean(ProfilingLabels.class).open("vehicle", "car")) {
				assertThat(Schedulers.onSchedule(task)).isNotSameAs(task);
			}
		}));
		try (LabelScope scope = stack.get().enterMerged(LabelSet.of(Map.of("vehicle", "car")))) {
			assertThat(Schedulers.onSchedule(task)).as("removed when the last one closed").isSameAs(task);
		}
	}

	@Test
	void noScheduleHookWithoutPropagation() {
		Runnable task = () -> {
		};
		this.reactive.withPropertyValues("pyroscope.dynamic-labels.propagation.enabled=false").run((context) -> {
			try (LabelScope scope = context.getBean(ProfilingLabels.class).open("vehicle", "car")) {
				assertThat(Schedulers.onSchedule(task)).isSameAs(task);
			}
		});
	}

}

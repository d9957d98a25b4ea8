package dev.pyroscopestarter.internal.labels.propagation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.pyroscopestarter.autoconfigure.labels.PyroscopeLabelsAutoConfiguration;
import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfilingLabels;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels follow work that Spring hands to other threads, and nothing of them stays on the worker.
 */
class LabelPropagationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PyroscopeLabelsAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class))
		// One worker thread: every task reuses it.
		.withPropertyValues("spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1")
		.withUserConfiguration(AsyncBeans.class);

	@Test
	void asyncMethodsRunWithTheCallersLabelsAndLeaveNothingOnTheWorker() {
		this.runner.run((context) -> {
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			Reporter reporter = context.getBean(Reporter.class);
			Map<String, String> inTask = labels.call(Map.of("vehicle", "car", "tenant", "acme"),
					() -> reporter.labels().get(10, TimeUnit.SECONDS));
			assertThat(inTask).containsExactly(Map.entry("tenant", "acme"), Map.entry("vehicle", "car"));
			// Same worker thread, submitted without labels.
			assertThat(reporter.labels().get(10, TimeUnit.SECONDS)).isEmpty();
			assertThat(reporter.threadNames()).hasSize(1);
		});
	}

	@Test
	void theApplicationTaskExecutorPropagatesToo() {
		this.runner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			Future<Map<String, String>> labelled;
			try (LabelScope scope = labels.open("vehicle", "bike")) {
				labelled = executor.submit(labels::current);
			}
			assertThat(labelled.get(10, TimeUnit.SECONDS)).containsExactly(Map.entry("vehicle", "bike"));
			assertThat(executor.submit(labels::current).get(10, TimeUnit.SECONDS)).isEmpty();
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void aWorkerWithLabelsOfItsOwnRunsTheTaskWithTheSubmittersOnly() throws Exception {
		LabelStack stack = new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL, VirtualThreadHooks.shared());
		LabelsTaskDecorator decorator = new LabelsTaskDecorator(stack);
		ProfilingLabels labels = new DefaultProfilingLabels(stack,
				new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofHours(1)), 128));
		Map<String, String>[] inTask = new Map[1];
		Runnable task = decorator.decorate(() -> inTask[0] = labels.current());
		labels.run("tenant", "worker_tenant", () -> {
			task.run();
			assertThat(labels.current()).containsExactly(Map.entry("tenant", "worker_tenant"));
		});
		assertThat(inTask[0]).isEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void micrometerContextPropagationCarriesLabels() {
		this.runner.run((context) -> {
			assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
				.anyMatch((accessor) -> LabelsThreadLocalAccessor.KEY.equals(accessor.key()));
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().clearMissing(true).build();
			ExecutorService worker = Executors.newSingleThreadExecutor();
			try {
				Runnable[] wrapped = new Runnable[1];
				Map<String, String>[] inTask = new Map[2];
				labels.run("vehicle", "scooter", () -> wrapped[0] = snapshots.captureAll().wrap(
						(Runnable) () -> inTask[0] = labels.current()));
				worker.submit(wrapped[0]).get(10, TimeUnit.SECONDS);
				worker.submit(() -> inTask[1] = labels.current()).get(10, TimeUnit.SECONDS);
				assertThat(inTask[0]).containsExactly(Map.entry("vehicle", "scooter"));
				assertThat(inTask[1]).isEmpty();
				// A snapshot without labels hides the worker's own while it is in scope.
				Runnable unlabelled = snapshots.captureAll().wrap((Runnable) () -> inTask[0] = labels.current());
				labels.run("tenant", "worker_tenant", unlabelled);
				assertThat(inTask[0]).isEmpty();
			}
			finally {
				worker.shutdownNow();
			}
		});
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
			.noneMatch((accessor) -> LabelsThreadLocalAccessor.KEY.equals(accessor.key()));
	}

	@Test
	void withSpringsContextPropagatingDecoratorAsWellTheTaskGetsTheLabelsOnce() {
		this.runner.withBean(ContextPropagatingTaskDecorator.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			Future<Map<String, String>> inTask;
			java.util.concurrent.CountDownLatch submitterDone = new java.util.concurrent.CountDownLatch(1);
			try (LabelScope scope = labels.open("vehicle", "car")) {
				inTask = executor.submit(() -> {
					submitterDone.await();
					return labels.current();
				});
			}
			submitterDone.countDown();
			assertThat(inTask.get(10, TimeUnit.SECONDS)).containsExactly(Map.entry("vehicle", "car"));
		});
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("pyroscope.dynamic-labels.propagation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LabelsTaskDecorator.class);
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			Reporter reporter = context.getBean(Reporter.class);
			assertThat(labels.call("vehicle", "car", () -> reporter.labels().get(10, TimeUnit.SECONDS))).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncBeans {

		@Bean
		Reporter reporter(ProfilingLabels labels) {
			return new Reporter(labels);
		}

	}

	static class Reporter {

		private final java.util.Set<String> threadNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

		private final ProfilingLabels labels;

		Reporter(ProfilingLabels labels) {
			this.labels = labels;
		}

		@Async
		public CompletableFuture<Map<String, String>> labels() {
			this.threadNames.add(Thread.currentThread().getName());
			return CompletableFuture.completedFuture(this.labels.current());
		}

		java.util.Set<String> threadNames() {
			return this.threadNames;
		}

	}

}

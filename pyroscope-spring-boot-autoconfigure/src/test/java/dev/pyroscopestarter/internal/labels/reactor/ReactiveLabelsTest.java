package dev.pyroscopestarter.internal.labels.reactor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.labels.propagation.LabelsThreadLocalAccessor;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.reactor.ReactiveLabels;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A labelled {@code Mono} or {@code Flux} carries its labels on every thread it runs on, and only while it runs:
 * with the starter's schedule hook and Reactor's automatic context propagation off, as the starter leaves it.
 */
class ReactiveLabelsTest {

	private final LabelStack stack = new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL, VirtualThreadHooks.shared());

	private final LabelRules rules = new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)),
			128);

	private final ReactiveLabels labels = new DefaultReactiveLabels(this.stack, this.rules);

	private final DefaultProfilingLabels blocking = new DefaultProfilingLabels(this.stack, this.rules);

	// One thread: what runs on it after a labelled piece shows whether that piece left anything behind.
	private final Scheduler single = Schedulers.newSingle("labels-test");

	// A thread no Reactor scheduler runs: what a Netty event loop is after a non-blocking call.
	private final ExecutorService foreign = Executors.newSingleThreadExecutor();

	/** As the starter sets it up: the schedule hook, and the accessor without automatic propagation. */
	@BeforeEach
	void propagate() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new LabelsThreadLocalAccessor(this.stack));
		new LabelsScheduleHook(this.stack).install();
		if (automaticContextPropagation()) {
			Hooks.enableAutomaticContextPropagation();
		}
	}

	@AfterEach
	void stopPropagating() {
		Hooks.disableAutomaticContextPropagation();
		LabelsScheduleHook.remove();
		ContextRegistry.getInstance().removeThreadLocalAccessor(LabelsThreadLocalAccessor.KEY);
		this.single.dispose();
		this.foreign.shutdownNow();
	}

	/** Whether the application turned on Reactor's automatic context propagation itself. */
	boolean automaticContextPropagation() {
		return false;
	}

	@Test
	void aMonosPiecesCarryItsLabelsOnEveryThreadAndLeaveNothingBehind() {
		Mono<List<Map<String, String>>> seen = Mono.fromCallable(this.blocking::current)
			.subscribeOn(this.single)
			.zipWith(Mono.delay(Duration.ofMillis(2)).map((tick) -> this.blocking.current()))
			.publishOn(Schedulers.boundedElastic())
			.map((pair) -> List.of(pair.getT1(), pair.getT2(), this.blocking.current()));
		assertThat(this.labels.label(seen, "vehicle", "car").block(Duration.ofSeconds(10)))
			.containsOnly(Map.of("vehicle", "car"));
		assertThat(Mono.fromCallable(this.blocking::current).subscribeOn(this.single).block()).isEmpty();
		assertThat(this.blocking.current()).isEmpty();
	}

	@Test
	void aFluxsElementsAreWorkedOnWithItsLabels() {
		Flux<Map<String, String>> seen = Flux.range(0, 5)
			.publishOn(this.single)
			.map((i) -> this.blocking.current());
		assertThat(this.labels.label(seen, Map.of("batch", "nightly", "tenant", "acme"))
			.collectList()
			.block(Duration.ofSeconds(10))).hasSize(5).containsOnly(Map.of("batch", "nightly", "tenant", "acme"));
		assertThat(Mono.fromCallable(this.blocking::current).subscribeOn(this.single).block()).isEmpty();
	}

	@Test
	void labelsMergeOntoTheContextsThenOntoTheSubscribingThreads() {
		Mono<Map<String, String>> inner = this.labels
			.label(Mono.fromCallable(this.blocking::current).subscribeOn(this.single), "vehicle", "bike");
		assertThat(this.labels.label(inner, Map.of("tenant", "acme", "vehicle", "car")).block())
			.isEqualTo(Map.of("tenant", "acme", "vehicle", "bike"));
		try (LabelScope scope = this.blocking.open("region", "eu")) {
			assertThat(inner.block()).isEqualTo(Map.of("region", "eu", "vehicle", "bike"));
		}
	}

	@Test
	void whatRunsBelowALabelledPartRunsWithoutItsLabelsOnEveryThread() {
		Mono<List<Map<String, String>>> seen = this.labels
			.label(Mono.fromCallable(this.blocking::current), "vehicle", "car")
			.map((inner) -> List.of(inner, this.blocking.current()));
		assertThat(seen.block(Duration.ofSeconds(10))).containsExactly(Map.of("vehicle", "car"), Map.of());
		Mono<List<Map<String, String>>> later = this.labels
			.label(Mono.delay(Duration.ofMillis(1)).map((tick) -> this.blocking.current()), "vehicle", "car")
			.map((inner) -> List.of(inner, this.blocking.current()));
		try (LabelScope scope = this.blocking.open("region", "eu")) {
			assertThat(later.block(Duration.ofSeconds(10))).containsExactly(Map.of("region", "eu", "vehicle", "car"),
					Map.of("region", "eu"));
		}
	}

	@Test
	void aNestedLabelSubscribedOnAThreadNoSchedulerRunsFindsTheOuterLabelsInTheContext() throws Exception {
		CompletableFuture<String> response = new CompletableFuture<>();
		Mono<Map<String, String>> seen = Mono.fromFuture(response)
			.flatMap((body) -> this.labels.label(Mono.fromCallable(this.blocking::current), "vehicle", "bike"));
		CompletableFuture<Map<String, String>> result = this.labels.label(seen, "tenant", "acme").toFuture();
		// Completed after the subscription, on a thread no Reactor scheduler runs.
		this.foreign.execute(() -> response.complete("response"));
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(Map.of("tenant", "acme", "vehicle", "bike"));
		assertThat(CompletableFuture.supplyAsync(this.blocking::current, this.foreign).join()).isEmpty();
	}

	@Test
	void whatFollowsAResponseOnAThreadNoSchedulerRunsHasTheLabelsAgainAfterResume() throws Exception {
		CompletableFuture<String> response = new CompletableFuture<>();
		Mono<List<Map<String, String>>> seen = Mono.fromFuture(response)
			.transform(this.labels::resume)
			.map((body) -> this.blocking.current())
			.publishOn(Schedulers.boundedElastic())
			.map((onEventLoop) -> List.of(onEventLoop, this.blocking.current()));
		CompletableFuture<List<Map<String, String>>> result = this.labels.label(seen, "tenant", "acme").toFuture();
		this.foreign.execute(() -> response.complete("response"));
		assertThat(result.get(10, TimeUnit.SECONDS)).containsOnly(Map.of("tenant", "acme"));
		assertThat(CompletableFuture.supplyAsync(this.blocking::current, this.foreign).join()).isEmpty();
	}

	@Test
	void aTaskScheduledWithLabelsRunsWithThemAndOneScheduledWithoutRunsWithNone() {
		Map<String, String> labelled;
		try (LabelScope scope = this.blocking.open("vehicle", "car")) {
			labelled = Mono.fromCallable(this.blocking::current).subscribeOn(this.single).block();
		}
		assertThat(labelled).isEqualTo(Map.of("vehicle", "car"));
		assertThat(Mono.fromCallable(this.blocking::current).subscribeOn(this.single).block()).isEmpty();
	}

	@Test
	void anInvalidNameThrowsBeforeAnythingRuns() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.labels.label(Mono.just(1), "bad-name", "x"));
	}

}

package dev.pyroscopestarter.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.labels.propagation.LabelsThreadLocalAccessor;
import dev.pyroscopestarter.internal.labels.reactor.DefaultReactiveLabels;
import dev.pyroscopestarter.internal.labels.reactor.LabelsScheduleHook;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.internal.labels.web.reactive.ReactiveRouteLabels;
import dev.pyroscopestarter.internal.labels.web.reactive.RouteLabelsHandlerAdapter;
import dev.pyroscopestarter.internal.labels.web.servlet.RouteLabelsInterceptor;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.ProfilerSettings;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.reactor.ReactiveLabels;
import io.micrometer.context.ContextRegistry;
import io.pyroscope.labels.v2.Pyroscope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.MethodParameter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * WebFlux route labels and labelled Reactor chains, with the real profiler running, each against its unlabelled
 * counterpart in the same run; the MVC interceptor is measured in the same run too. Baselines run as an application
 * without the starter: none of its global hooks installed. Cases taking {@link Starter} run with what the starter
 * installs in an application (the schedule hook, the labels' accessor); the unlabelled ones among them show what
 * those global hooks cost chains that carry no labels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
public class ReactiveLabelsBenchmark {

	/** Requests or chains per measured invocation. */
	static final int BATCH = 1000;

	/** Elements of the Flux chains. */
	static final int ELEMENTS = 100;

	private RouteLabelsInterceptor interceptor;

	private MockHttpServletRequest request;

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final Object handler = new Object();

	private ServerWebExchange exchange;

	private RouteLabelsHandlerAdapter labellingAdapter;

	/** What the dispatcher's own adapter does here: a result at once (a handler doing no work). */
	private final HandlerAdapter adapter = new HandlerAdapter() {

		@Override
		public boolean supports(Object handler) {
			return true;
		}

		@Override
		public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
			return ReactiveLabelsBenchmark.this.result;
		}

	};

	private Mono<HandlerResult> result;

	private WebFilterChain dispatchUnlabelled;

	private WebFilterChain dispatchLabelled;

	private ReactiveLabels labels;

	private LabelStack stack;

	private int runs;

	/** A task whose work is counted, so that running it cannot be left out. */
	private final Runnable task = () -> this.runs++;

	private final LabelSet vehicleSet = LabelSet.of(Map.of("vehicle", "car"));

	/** The profiler, running, and the label stack. */
	@State(Scope.Benchmark)
	public static class Agent {

		private PyroscopeProfiler profiler;

		LabelStack stack;

		@Setup(Level.Trial)
		public void start() {
			AgentSettings agent = new AgentSettings("benchmark", Map.of(), ProfilingEvent.ITIMER, Duration.ofMillis(10),
						Duration.ofHours(1), null, false, null, 2048, false, null, null, null);
			this.profiler = new PyroscopeProfiler(new ProfilingAgent(agent),
						new LocalProfileStore(Duration.ofMinutes(1), 64L << 20),
						new ProfilerSettings(Duration.ofSeconds(5), false));
			this.profiler.start();
			if (this.profiler.status().state() != ProfilerState.RUNNING) {
				throw new IllegalStateException("The profiler did not start: " + this.profiler.status().reason());
			}
			this.stack = new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL, VirtualThreadHooks.shared());
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.profiler.stop();
		}

	}

	/** What the starter installs globally in an application, for the benchmarks that take it. */
	@State(Scope.Thread)
	public static class Starter {

		@Setup(Level.Trial)
		public void install(Agent agent) {
			ContextRegistry.getInstance().registerThreadLocalAccessor(new LabelsThreadLocalAccessor(agent.stack));
			new LabelsScheduleHook(agent.stack).install();
		}

		@TearDown(Level.Trial)
		public void remove() {
			LabelsScheduleHook.remove();
			ContextRegistry.getInstance().removeThreadLocalAccessor(LabelsThreadLocalAccessor.KEY);
		}

	}

	@Setup(Level.Trial)
	public void start(Agent agent) throws NoSuchMethodException {
		this.result = Mono.just(new HandlerResult(this.handler, "car",
				new MethodParameter(ReactiveLabelsBenchmark.class.getDeclaredMethod("same", Integer.class), -1)));
		LabelRules rules = new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)), 128);
		LabelStack stack = agent.stack;
		this.stack = stack;
		this.interceptor = new RouteLabelsInterceptor(stack, rules, "http_route", "http_method", Map.of());
		this.request = new MockHttpServletRequest("GET", "/rides/car");
		this.request.setAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
				"/rides/{vehicle}");
		this.exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/rides/car"));
		this.exchange.getAttributes()
			.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, PathPatternParser.defaultInstance.parse("/rides/{vehicle}"));
		ReactiveRouteLabels routeLabels = new ReactiveRouteLabels(stack, rules, "http_route", "http_method", Map.of());
		this.labellingAdapter = new RouteLabelsHandlerAdapter(routeLabels, () -> List.of(this.adapter));
		// What the dispatcher does once the handler is found: asks the first adapter, handles, ignores the result.
		this.dispatchUnlabelled = (exchange) -> this.adapter.supports(this.handler)
				? this.adapter.handle(exchange, this.handler).then() : Mono.empty();
		this.dispatchLabelled = (exchange) -> this.labellingAdapter.supports(this.handler)
				? this.labellingAdapter.handle(exchange, this.handler).then() : Mono.empty();
		this.labels = new DefaultReactiveLabels(stack, rules);
	}

	@TearDown(Level.Trial)
	public void stop() {
	}

	/** Reference: the MVC route labels of one request. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void mvcInterceptor() {
		for (int i = 0; i < BATCH; i++) {
			this.interceptor.preHandle(this.request, this.response, this.handler);
			this.interceptor.afterCompletion(this.request, this.response, this.handler, null);
		}
		Pyroscope.LabelsWrapper.clear();
	}

	/** Baseline of the WebFlux pair: one request dispatched to a handler that does no work, unlabelled. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void webFluxRequestUnlabelled() {
		for (int i = 0; i < BATCH; i++) {
			this.dispatchUnlabelled.filter(this.exchange).subscribe();
		}
		Pyroscope.LabelsWrapper.clear();
	}

	/** The same request through the route labels' handler adapter. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void webFluxRequestLabelled(Starter starter) {
		for (int i = 0; i < BATCH; i++) {
			this.dispatchLabelled.filter(this.exchange).subscribe();
		}
		Pyroscope.LabelsWrapper.clear();
	}

	/** Baseline of the chain pairs: a Mono through 10 operators doing no work. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void monoOf10OperatorsUnlabelled() {
		for (int i = 0; i < BATCH; i++) {
			tenOperators(Mono.just(i)).subscribe();
		}
	}

	/** The baseline's chain with the starter's global hooks installed. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void monoOf10OperatorsUnlabelledStarterPresent(Starter starter) {
		for (int i = 0; i < BATCH; i++) {
			tenOperators(Mono.just(i)).subscribe();
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void monoOf10OperatorsLabelled(Starter starter) {
		for (int i = 0; i < BATCH; i++) {
			this.labels.label(tenOperators(Mono.just(i)), "vehicle", "car").subscribe();
		}
		Pyroscope.LabelsWrapper.clear();
	}

	/**
	 * The least a labelled chain can cost with this profiler: the baseline's chain subscribed inside one label
	 * scope (one switch of the thread's labels and back), with nothing switched back for what runs below it.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void monoOf10OperatorsInOneScope(Starter starter) {
		for (int i = 0; i < BATCH; i++) {
			try (LabelScope scope = this.stack.enterMerged(this.vehicleSet)) {
				tenOperators(Mono.just(i)).subscribe();
			}
		}
		Pyroscope.LabelsWrapper.clear();
	}

	/** Baseline: a Flux of 100 elements through 10 operators doing no work (per chain, not per element). */
	@Benchmark
	public void fluxOf10OperatorsUnlabelled() {
		tenOperators(Flux.range(0, ELEMENTS)).subscribe();
	}

	@Benchmark
	public void fluxOf10OperatorsUnlabelledStarterPresent(Starter starter) {
		tenOperators(Flux.range(0, ELEMENTS)).subscribe();
	}

	@Benchmark
	public void fluxOf10OperatorsLabelled(Starter starter) {
		this.labels.label(tenOperators(Flux.range(0, ELEMENTS)), "vehicle", "car").subscribe();
		Pyroscope.LabelsWrapper.clear();
	}

	/**
	 * Baseline of the scheduling cases: what Reactor's schedulers do with a task on its way to a worker
	 * ({@code Schedulers.onSchedule}, where schedule hooks apply), and the task run, doing no work.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int scheduledTaskUnlabelled() {
		for (int i = 0; i < BATCH; i++) {
			Schedulers.onSchedule(this.task).run();
		}
		return this.runs;
	}

	/** The same, with the starter's schedule hook installed and no labels to take along. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int scheduledTaskUnlabelledStarterPresent(Starter starter) {
		for (int i = 0; i < BATCH; i++) {
			Schedulers.onSchedule(this.task).run();
		}
		return this.runs;
	}

	/**
	 * A task scheduled with labels on, run where there are none (a worker): the hook's capture, and the labels
	 * applied and taken off around the task.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int scheduledTaskLabelled(Starter starter) {
		for (int i = 0; i < BATCH; i++) {
			Runnable scheduled;
			try (LabelScope scope = this.stack.enterMerged(this.vehicleSet)) {
				scheduled = Schedulers.onSchedule(this.task);
			}
			scheduled.run();
		}
		Pyroscope.LabelsWrapper.clear();
		return this.runs;
	}

	private static Mono<Integer> tenOperators(Mono<Integer> source) {
		return source.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always);
	}

	private static Flux<Integer> tenOperators(Flux<Integer> source) {
		return source.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always)
			.map(ReactiveLabelsBenchmark::same)
			.filter(ReactiveLabelsBenchmark::always);
	}

	private static Integer same(Integer value) {
		return value;
	}

	private static boolean always(Integer value) {
		return true;
	}

}

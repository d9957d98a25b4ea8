package dev.pyroscopestarter.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.labels.annotation.ProfileTagAdvisor;
import dev.pyroscopestarter.internal.labels.annotation.ProfileTagInterceptor;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.internal.labels.web.servlet.RouteLabelsInterceptor;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfilingLabels;
import io.pyroscope.labels.v2.ConstantContext;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
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

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The cost of entering and leaving one label scope, with the real profiler running (so that every scope registers
 * an agent context and sets the native context id), through each way the starter offers, against the agent's
 * own {@code Pyroscope.LabelsWrapper.run} measured in the same run. The work inside each scope is empty. Run with
 * {@code -jvmArgsAppend -Djmh.executor=VIRTUAL} to measure on virtual threads (the starter's virtual-thread hooks
 * are then installed, as with {@code spring.threads.virtual.enabled=true}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
public class LabelScopeBenchmark {

	/** Scopes per measured invocation. */
	static final int BATCH = 1000;

	private static final Runnable NOTHING = () -> {
	};

	private static final LabelsSet CAR = new LabelsSet("vehicle", "car");

	private PyroscopeProfiler profiler;

	private ProfilingLabels labels;

	private Rides rides;

	private Rides ridesWithNoOpInterceptor;

	private Rides ridesWithConstantContextInterceptor;

	/** The agent's cheapest labelling: a context registered once, switched to and from around the work. */
	private ConstantContext carContext;

	private RouteLabelsInterceptor interceptor;

	private MockHttpServletRequest request;

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final Object handler = new Object();

	@Setup(Level.Trial)
	public void startProfiler() {
		this.profiler = BenchmarkProfiler.start();
		BenchmarkProfiler.followVirtualThreadsIfOnOne();
		LabelRules rules = new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)), 128);
		LabelStack stack = new LabelStack(new NativeContexts(), VirtualThreadMode.FOLLOW, VirtualThreadHooks.shared());
		this.labels = new DefaultProfilingLabels(stack, rules);
		// The proxy Spring's auto-proxy creator builds for a @ProfileTag bean: CGLIB, with the starter's advisor.
		ProxyFactory proxyFactory = new ProxyFactory(new Rides());
		proxyFactory.setProxyTargetClass(true);
		proxyFactory.addAdvisor(new ProfileTagAdvisor(new ProfileTagInterceptor(stack, rules, null)));
		this.rides = (Rides) proxyFactory.getProxy();
		ProxyFactory noOpFactory = new ProxyFactory(new Rides());
		noOpFactory.setProxyTargetClass(true);
		noOpFactory.addAdvice((MethodInterceptor) MethodInvocation::proceed);
		this.ridesWithNoOpInterceptor = (Rides) noOpFactory.getProxy();
		this.carContext = ConstantContext.of(CAR);
		ProxyFactory constantContextFactory = new ProxyFactory(new Rides());
		constantContextFactory.setProxyTargetClass(true);
		constantContextFactory.addAdvice((MethodInterceptor) (invocation) -> {
			this.carContext.activate();
			try {
				return invocation.proceed();
			}
			finally {
				this.carContext.deactivate();
			}
		});
		this.ridesWithConstantContextInterceptor = (Rides) constantContextFactory.getProxy();
		this.interceptor = new RouteLabelsInterceptor(stack, rules, "http_route", "http_method", Map.of());
		this.request = new MockHttpServletRequest("GET", "/rides/car");
		this.request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/rides/{vehicle}");
	}

	/**
	 * The agent keeps every scope's context until the next profile dump forgets the closed ones. Millions of scopes
	 * a second would fill the heap before any dump, so each batch ends by forgetting them (the cheap part of a
	 * dump), in every benchmark alike: the map stays as small as in an application, and the ratios stay fair.
	 */
	private static void forgetClosedContexts() {
		Pyroscope.LabelsWrapper.clear();
	}

	@TearDown(Level.Trial)
	public void stopProfiler() {
		this.profiler.stop();
	}

	/** The baseline: the agent's own API. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void agentLabelsWrapperRun() {
		for (int i = 0; i < BATCH; i++) {
			Pyroscope.LabelsWrapper.run(CAR, NOTHING);
		}
		forgetClosedContexts();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void profilingLabelsRun() {
		for (int i = 0; i < BATCH; i++) {
			this.labels.run("vehicle", "car", NOTHING);
		}
		forgetClosedContexts();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void profilingLabelsScope() {
		for (int i = 0; i < BATCH; i++) {
			try (LabelScope scope = this.labels.open("vehicle", "car")) {
				// The work would be here.
			}
		}
		forgetClosedContexts();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void profileTagAnnotation() {
		for (int i = 0; i < BATCH; i++) {
			this.rides.car();
		}
		forgetClosedContexts();
	}

	/** For reference: Spring AOP's own share of the annotation, a proxy with an interceptor that does nothing. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void proxiedCallWithNoOpInterceptor() {
		for (int i = 0; i < BATCH; i++) {
			this.ridesWithNoOpInterceptor.car();
		}
		forgetClosedContexts();
	}

	/**
	 * For reference: the least any label scope applied through Spring AOP can cost, a proxy whose interceptor only
	 * switches the agent's context id to a constant context and back (no nesting, no restoring of outer labels).
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void proxiedCallWithConstantContextInterceptor() {
		for (int i = 0; i < BATCH; i++) {
			this.ridesWithConstantContextInterceptor.car();
		}
		forgetClosedContexts();
	}

	/** For reference: the agent's constant context switched on and off, without a proxy. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void agentConstantContext() {
		for (int i = 0; i < BATCH; i++) {
			this.carContext.activate();
			try {
				NOTHING.run();
			}
			finally {
				this.carContext.deactivate();
			}
		}
		forgetClosedContexts();
	}

	/** For reference: the @ProfileTag bean's proxy, calling a method without tags. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void proxiedCallWithoutTag() {
		for (int i = 0; i < BATCH; i++) {
			this.rides.untagged();
		}
		forgetClosedContexts();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void webInterceptor() {
		for (int i = 0; i < BATCH; i++) {
			this.interceptor.preHandle(this.request, this.response, this.handler);
			this.interceptor.afterCompletion(this.request, this.response, this.handler, null);
		}
		forgetClosedContexts();
	}

	public static class Rides {

		@ProfileTag(key = "vehicle", value = "car")
		public void car() {
		}

		public void untagged() {
		}

	}

}

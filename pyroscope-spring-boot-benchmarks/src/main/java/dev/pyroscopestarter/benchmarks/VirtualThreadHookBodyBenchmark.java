package dev.pyroscopestarter.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfilingLabels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the hooks' own code costs, called directly on a virtual thread rather than from inside a mount: an unmount
 * hook and a mount hook per operation, with the thread inside a label scope (two native calls) or outside any.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Djmh.executor=VIRTUAL", "-XX:+EnableDynamicAgentLoading" })
public class VirtualThreadHookBodyBenchmark {

	@Param({ "false", "true" })
	public boolean inScope;

	private PyroscopeProfiler profiler;

	private Runnable mounted;

	private Runnable unmounting;

	private LabelScope scope;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.profiler = BenchmarkProfiler.start();
		BenchmarkProfiler.installHooks();
		Runnable[] hooks = VirtualThreadHooks.prepareUninstalled();
		this.mounted = hooks[0];
		this.unmounting = hooks[1];
		ProfilingLabels labels = new DefaultProfilingLabels(new LabelStack(new NativeContexts(),
				VirtualThreadMode.FOLLOW, VirtualThreadHooks.shared()),
				new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)), 128));
		if (this.inScope) {
			this.scope = labels.open("vehicle", "car");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		if (this.scope != null) {
			this.scope.close();
		}
		this.profiler.stop();
	}

	@Benchmark
	public void unmountThenMount() {
		this.unmounting.run();
		this.mounted.run();
	}

}

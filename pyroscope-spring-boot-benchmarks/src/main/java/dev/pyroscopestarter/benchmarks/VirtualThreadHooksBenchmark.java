package dev.pyroscopestarter.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfilingLabels;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * What the virtual-thread hooks cost where they run most: two virtual threads handing a turn back and forth with
 * {@code park}/{@code unpark}, so that every round trip unmounts and mounts each of them once. Measured with the
 * hooks installed and without, each in its own JVM (the hooks stay for a JVM's life), with both threads inside a
 * label scope (the hooks set and clear the carrier's context) and outside any (they only look).
 * <p>
 * The benchmark thread itself is virtual ({@code jmh.executor=VIRTUAL}); its partner is started in the setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-Djmh.executor=VIRTUAL", "-XX:+EnableDynamicAgentLoading",
		// One carrier: each park unmounts one thread and mounts the other, whatever the scheduler would do.
		"-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1" })
public class VirtualThreadHooksBenchmark {

	/** Round trips per measured invocation. */
	static final int BATCH = 1000;

	private static final com.sun.management.OperatingSystemMXBean PROCESS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	/**
	 * {@code none}: nothing attached; {@code attached}: an agent attached to the JVM (as installing the hooks does)
	 * but nothing transformed; {@code hooks}: the hooks installed.
	 */
	@Param({ "none", "attached", "hooks" })
	public String instrumentation;

	@Param({ "false", "true" })
	public boolean inScope;

	private PyroscopeProfiler profiler;

	private ProfilingLabels labels;

	private Thread benchmarkThread;

	private Thread partner;

	private LabelScope scope;

	// Whose turn it is: true for the partner.
	private volatile boolean partnersTurn;

	private volatile boolean stopped;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.benchmarkThread = Thread.currentThread();
		if (!VirtualThreads.isVirtual(this.benchmarkThread)) {
			throw new IllegalStateException("Run with -Djmh.executor=VIRTUAL (set by @Fork)");
		}
		this.profiler = BenchmarkProfiler.start();
		boolean hooks = "hooks".equals(this.instrumentation);
		if (hooks) {
			BenchmarkProfiler.installHooks();
		}
		else if ("attached".equals(this.instrumentation)) {
			net.bytebuddy.agent.ByteBuddyAgent.install();
		}
		LabelStack stack = new LabelStack(new NativeContexts(), hooks ? VirtualThreadMode.FOLLOW : VirtualThreadMode.LABEL, VirtualThreadHooks.shared());
		this.labels = new DefaultProfilingLabels(stack,
				new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)), 128));
		// Spring's factory: this module compiles for Java 17, which has no Thread.ofVirtual().
		this.partner = new VirtualThreadTaskExecutor("partner-").getVirtualThreadFactory().newThread(this::partnerLoop);
		this.partner.start();
		if (this.inScope) {
			this.scope = this.labels.open("vehicle", "car");
		}
	}

	private void partnerLoop() {
		try (LabelScope partnerScope = this.inScope ? this.labels.open("vehicle", "bike") : null) {
			while (!this.stopped) {
				while (!this.partnersTurn && !this.stopped) {
					LockSupport.park();
				}
				this.partnersTurn = false;
				LockSupport.unpark(this.benchmarkThread);
			}
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws InterruptedException {
		if (this.scope != null) {
			this.scope.close();
		}
		this.stopped = true;
		LockSupport.unpark(this.partner);
		this.partner.join();
		this.profiler.stop();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void parkUnparkRoundTrip(CpuTime cpu) {
		long before = PROCESS.getProcessCpuTime();
		for (int i = 0; i < BATCH; i++) {
			this.partnersTurn = true;
			LockSupport.unpark(this.partner);
			while (this.partnersTurn) {
				LockSupport.park();
			}
		}
		cpu.cpuNanos += PROCESS.getProcessCpuTime() - before;
		cpu.roundTrips += BATCH;
	}

	/**
	 * The process's CPU time spent on the round trips, beside JMH's wall-clock time: on a machine that others load,
	 * the time a carrier waits for a core shows in the latter only. CPU per round trip is {@code cpuNanos /
	 * roundTrips} (JMH prints both sums).
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class CpuTime {

		public long cpuNanos;

		public long roundTrips;

		@Setup(Level.Iteration)
		public void clear() {
			this.cpuNanos = 0;
			this.roundTrips = 0;
		}

	}

}

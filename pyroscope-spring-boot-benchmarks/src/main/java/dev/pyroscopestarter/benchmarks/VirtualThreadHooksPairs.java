package dev.pyroscopestarter.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

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

import org.springframework.core.task.VirtualThreadTaskExecutor;

import static dev.pyroscopestarter.benchmarks.Quantiles.median;

/**
 * The virtual-thread hooks' cost on the park/unpark ping-pong of {@link VirtualThreadHooksBenchmark}, measured in
 * one JVM by switching the installed hooks on and off between short blocks of round trips (the instrumented
 * {@code VirtualThread} then only finds no hook to call). Blocks alternate, so a machine whose load changes over the
 * run slows both alike; the figure is the median of the ratios of neighbouring blocks. It leaves out what
 * instrumenting costs when no hook is set (a static call and a null check per mount and unmount) and what attaching
 * an agent costs by itself, which {@link VirtualThreadHooksBenchmark} measures across JVMs.
 * <p>
 * Run on JDK 21+ with {@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1
 * -XX:+EnableDynamicAgentLoading}; arguments: blocks (default 200), round trips per block (default 20000).
 */
public final class VirtualThreadHooksPairs {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	// The one carrier, whose CPU time (to the nanosecond, unlike the process's) the round trips are.
	private static long carrierId;

	private static volatile boolean partnersTurn;

	private static volatile boolean stopped;

	private VirtualThreadHooksPairs() {
	}

	public static void main(String[] args) throws Exception {
		int blocks = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		int roundTrips = (args.length > 1) ? Integer.parseInt(args[1]) : 20_000;
		Thread main = new VirtualThreadTaskExecutor("main-").getVirtualThreadFactory().newThread(() -> {
			try {
				run(blocks, roundTrips);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		PyroscopeProfiler profiler = BenchmarkProfiler.start();
		BenchmarkProfiler.installHooks();
		main.start();
		main.join();
		profiler.stop();
	}

	private static void run(int blocks, int roundTrips) throws Exception {
		Class<?> hookClass = Class.forName("java.lang.PyroscopeCarrierHooks", false, null);
		Field onMount = hookClass.getField("onMount");
		Field onUnmount = hookClass.getField("onUnmount");
		Object mountHook = onMount.get(null);
		Object unmountHook = onUnmount.get(null);
		ProfilingLabels labels = new DefaultProfilingLabels(new LabelStack(new NativeContexts(), VirtualThreadMode.FOLLOW, VirtualThreadHooks.shared()),
				new LabelRules(new CardinalityGuard(100, "_overflow_", Duration.ofSeconds(10)), 128));
		boolean inScope = !Boolean.getBoolean("outOfScope");
		Thread me = Thread.currentThread();
		Thread partner = new VirtualThreadTaskExecutor("partner-").getVirtualThreadFactory().newThread(() -> {
			try (LabelScope scope = inScope ? labels.open("vehicle", "bike") : null) {
				while (!stopped) {
					while (!partnersTurn && !stopped) {
						LockSupport.park();
					}
					partnersTurn = false;
					LockSupport.unpark(me);
				}
			}
		});
		partner.start();
		carrierId = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("ForkJoinPool-1-worker-"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No carrier: run with one (see the class comment)"))
			.getId();
		List<Double> ratios = new ArrayList<>();
		List<Double> on = new ArrayList<>();
		List<Double> off = new ArrayList<>();
		try (LabelScope scope = inScope ? labels.open("vehicle", "car") : null) {
			// Warm-up: both ways, as long as a measured pair of blocks.
			for (int i = 0; i < 40; i++) {
				set(onMount, onUnmount, (i % 2 == 0) ? mountHook : null, (i % 2 == 0) ? unmountHook : null);
				block(partner, roundTrips);
			}
			for (int i = 0; i < blocks; i++) {
				boolean hooksFirst = (i % 2 == 0);
				double first;
				double second;
				set(onMount, onUnmount, hooksFirst ? mountHook : null, hooksFirst ? unmountHook : null);
				first = block(partner, roundTrips);
				set(onMount, onUnmount, hooksFirst ? null : mountHook, hooksFirst ? null : unmountHook);
				second = block(partner, roundTrips);
				double withHooks = hooksFirst ? first : second;
				double without = hooksFirst ? second : first;
				on.add(withHooks);
				off.add(without);
				ratios.add(withHooks / without);
			}
		}
		finally {
			set(onMount, onUnmount, mountHook, unmountHook);
			stopped = true;
			LockSupport.unpark(partner);
			partner.join();
		}
		System.out.printf("in scope: %s, %d pairs of blocks of %d round trips%n", inScope, blocks, roundTrips);
		System.out.printf("CPU per round trip, hooks on: median %.1f ns; off: median %.1f ns%n", median(on), median(off));
		List<Double> sorted = new ArrayList<>(ratios);
		sorted.sort(null);
		System.out.printf("ratio on/off: median %.4f, quartiles %.4f-%.4f, extra per round trip %.1f ns%n", median(ratios),
				sorted.get(sorted.size() / 4), sorted.get(sorted.size() * 3 / 4), median(on) - median(off));
	}

	private static void set(Field onMount, Field onUnmount, Object mount, Object unmount) throws IllegalAccessException {
		onMount.set(null, mount);
		onUnmount.set(null, unmount);
	}

	// CPU nanoseconds of the carrier per round trip.
	private static double block(Thread partner, int roundTrips) {
		long before = THREADS.getThreadCpuTime(carrierId);
		for (int i = 0; i < roundTrips; i++) {
			partnersTurn = true;
			LockSupport.unpark(partner);
			while (partnersTurn) {
				LockSupport.park();
			}
		}
		return (double) (THREADS.getThreadCpuTime(carrierId) - before) / roundTrips;
	}

}

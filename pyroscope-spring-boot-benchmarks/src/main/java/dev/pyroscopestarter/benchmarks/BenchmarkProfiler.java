package dev.pyroscopestarter.benchmarks;

import java.time.Duration;
import java.util.Map;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.ProfilerSettings;
import dev.pyroscopestarter.internal.profiler.ProfilerState;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

/**
 * The real profiler at 100 Hz in local mode (profiles stay in memory), as the benchmarks run it.
 */
final class BenchmarkProfiler {

	private BenchmarkProfiler() {
	}

	static PyroscopeProfiler start() {
		if (VirtualThreads.isVirtual(Thread.currentThread())) {
			// The agent does not start from a virtual thread ("Could not find VMThread bridge"), as an application
			// starts it from its main thread.
			PyroscopeProfiler[] started = new PyroscopeProfiler[1];
			RuntimeException[] failed = new RuntimeException[1];
			Thread platform = new Thread(() -> {
				try {
					started[0] = start();
				}
				catch (RuntimeException ex) {
					failed[0] = ex;
				}
			});
			platform.start();
			try {
				platform.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (failed[0] != null) {
				throw failed[0];
			}
			return started[0];
		}
		AgentSettings agent = new AgentSettings("benchmark", Map.of(), ProfilingEvent.ITIMER, Duration.ofMillis(10),
				Duration.ofHours(1), null, false, null, 2048, false, null, null, null);
		PyroscopeProfiler profiler = new PyroscopeProfiler(new ProfilingAgent(agent),
				new LocalProfileStore(Duration.ofMinutes(1), 64L << 20), new ProfilerSettings(Duration.ofSeconds(5), false));
		profiler.start();
		if (profiler.status().state() != ProfilerState.RUNNING) {
			throw new IllegalStateException("The profiler did not start: " + profiler.status().reason());
		}
		return profiler;
	}

	/** Installs the virtual-thread hooks, as the starter does, when the benchmark runs on a virtual thread. */
	static void followVirtualThreadsIfOnOne() {
		if (VirtualThreads.isVirtual(Thread.currentThread())) {
			installHooks();
		}
	}

	static void installHooks() {
		if (!VirtualThreadHooks.shared().install(Duration.ofSeconds(60))) {
			throw new IllegalStateException("The virtual-thread hooks did not install: " + VirtualThreadHooks.shared().problem());
		}
	}

}

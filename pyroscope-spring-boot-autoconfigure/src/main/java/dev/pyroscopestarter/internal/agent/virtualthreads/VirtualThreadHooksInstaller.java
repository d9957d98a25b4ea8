package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.time.Duration;

import dev.pyroscopestarter.internal.agent.engine.NativeProfiler;

import org.springframework.context.SmartLifecycle;

/**
 * With virtual threads on, installs the hooks that make labels follow them once the profiler runs and before the
 * web server takes requests, rather than when a virtual thread first opens a scope (whose samples would carry
 * labels as without hooks until they are in).
 */
public final class VirtualThreadHooksInstaller implements SmartLifecycle {

	// Attaching starts a process; well inside this it is done, and a slow machine must not hold startup longer.
	private static final Duration WAIT = Duration.ofSeconds(10);

	private final VirtualThreadHooks hooks;

	private final int phase;

	private volatile boolean running;

	/**
	 * @param hooks the hooks to install
	 * @param phase the lifecycle phase to install them in: once the profiler runs
	 */
	public VirtualThreadHooksInstaller(VirtualThreadHooks hooks, int phase) {
		this.phase = phase;
		this.hooks = hooks;
	}

	@Override
	public void start() {
		this.running = true;
		if (NativeProfiler.running()) {
			this.hooks.install(WAIT);
		}
	}

	@Override
	public void stop() {
		// The hooks stay for the JVM's life; with no profiler running they find nothing to apply.
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}

package dev.pyroscopestarter.internal.labels.reactor;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.LabelScope;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor schedule hook that runs each task with the labels of the thread that scheduled it: work after
 * {@code publishOn}, {@code subscribeOn}, {@code delay} and other timers, on {@code boundedElastic} and the other
 * Reactor schedulers, carries the labels of the chain that scheduled it, with no cost per operator. A task
 * scheduled without labels runs as it is: worker threads carry none between tasks, as every task given labels
 * here takes them off when it ends.
 */
public final class LabelsScheduleHook implements Function<Runnable, Runnable> {

	/** The key the hook is registered under with {@link Schedulers#onScheduleHook(String, Function)}. */
	public static final String KEY = "pyroscope.labels";

	// The hook registered last: one application context closing leaves another's hook in place.
	private static final AtomicReference<@Nullable LabelsScheduleHook> installed = new AtomicReference<>();

	private final LabelStack stack;

	public LabelsScheduleHook(LabelStack stack) {
		this.stack = stack;
	}

	/** Registers this hook with Reactor's schedulers; tasks scheduled from now on are decorated. */
	public void install() {
		installed.set(this);
		Schedulers.onScheduleHook(KEY, this);
	}

	/** Removes this hook, unless another was registered after it under {@link #KEY}. */
	public void uninstall() {
		if (installed.compareAndSet(this, null)) {
			Schedulers.resetOnScheduleHook(KEY);
		}
	}

	/** Removes whichever hook is registered under {@link #KEY}. */
	public static void remove() {
		installed.set(null);
		Schedulers.resetOnScheduleHook(KEY);
	}

	@Override
	public Runnable apply(Runnable task) {
		LabelSet labels = this.stack.current();
		return labels.isEmpty() ? task : new LabelledTask(this.stack, labels, task);
	}

	private record LabelledTask(LabelStack stack, LabelSet labels, Runnable task) implements Runnable {

		@Override
		public void run() {
			if (this.stack.current() == this.labels) {
				this.task.run();
				return;
			}
			try (LabelScope scope = this.stack.enterExactly(this.labels)) {
				this.task.run();
			}
		}

	}

}

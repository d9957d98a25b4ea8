package dev.pyroscopestarter.internal.labels.propagation;

import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.LabelScope;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs a task with the labels of the thread that submitted it, and nothing of them afterwards: for
 * {@code @Async} methods and executors built by Spring Boot (it applies every {@code TaskDecorator} bean), or set
 * on your own {@code ThreadPoolTaskExecutor}.
 */
public final class LabelsTaskDecorator implements TaskDecorator {

	private final LabelStack stack;

	public LabelsTaskDecorator(LabelStack stack) {
		this.stack = stack;
	}

	@Override
	public Runnable decorate(Runnable task) {
		LabelSet submitted = this.stack.current();
		return () -> {
			if (this.stack.current().equals(submitted)) {
				// Same labels already (the caller runs it, or another decorator propagated them).
				task.run();
				return;
			}
			try (LabelScope scope = this.stack.enterExactly(submitted)) {
				task.run();
			}
		};
	}

}

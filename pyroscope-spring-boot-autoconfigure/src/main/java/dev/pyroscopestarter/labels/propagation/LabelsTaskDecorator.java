package dev.pyroscopestarter.labels.propagation;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.LabelSet;
import dev.pyroscopestarter.labels.LabelStack;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs a task with the labels of the thread that submitted it, and nothing of them afterwards: for
 * {@code @Async} methods and executors built by Spring Boot (it applies every {@code TaskDecorator} bean), or set
 * on your own {@code ThreadPoolTaskExecutor}.
 */
public final class LabelsTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable task) {
		LabelSet submitted = LabelStack.current();
		return () -> {
			if (LabelStack.current().equals(submitted)) {
				// Same labels already (the caller runs it, or another decorator propagated them).
				task.run();
				return;
			}
			try (LabelScope scope = LabelStack.enterExactly(submitted)) {
				task.run();
			}
		};
	}

}

package dev.pyroscopestarter.labels.propagation;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.support.LabelSet;
import dev.pyroscopestarter.labels.support.LabelStack;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * Carries labels with Micrometer's context propagation: {@code ContextSnapshot}s, Spring's
 * {@code ContextPropagatingTaskDecorator}, Reactor's automatic context propagation. Restoring ends the scope that
 * setting opened, so a worker keeps nothing of a task's labels.
 */
public final class LabelsThreadLocalAccessor implements ThreadLocalAccessor<LabelSet> {

	/** The key labels are stored under in a {@code ContextSnapshot}. */
	public static final String KEY = "pyroscope.labels";

	// Scopes opened by setValue on this thread, closed by restore in reverse order.
	private final ThreadLocal<Deque<LabelScope>> opened = ThreadLocal.withInitial(ArrayDeque::new);

	private final LabelStack stack;

	public LabelsThreadLocalAccessor(LabelStack stack) {
		this.stack = stack;
	}

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public LabelSet getValue() {
		LabelSet current = this.stack.current();
		return current.isEmpty() ? null : current;
	}

	@Override
	public void setValue(LabelSet value) {
		this.opened.get().push(this.stack.enterExactly(value));
	}

	@Override
	public void setValue() {
		// The snapshot had no labels: none may apply while it is in scope.
		this.opened.get().push(this.stack.enterExactly(LabelSet.EMPTY));
	}

	@Override
	public void restore(LabelSet previousValue) {
		closeLast();
	}

	@Override
	public void restore() {
		closeLast();
	}

	@Override
	public void reset() {
		closeLast();
	}

	private void closeLast() {
		Deque<LabelScope> opened = this.opened.get();
		LabelScope scope = opened.poll();
		if (scope != null) {
			scope.close();
		}
		if (opened.isEmpty()) {
			this.opened.remove();
		}
	}

}

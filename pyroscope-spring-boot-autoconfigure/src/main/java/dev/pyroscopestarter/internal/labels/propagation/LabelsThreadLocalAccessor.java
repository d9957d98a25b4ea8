package dev.pyroscopestarter.internal.labels.propagation;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.pyroscopestarter.internal.labels.support.ContextLabels;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.LabelScope;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Carries labels with Micrometer's context propagation: {@code ContextSnapshot}s, Spring's
 * {@code ContextPropagatingTaskDecorator}, Reactor's automatic context propagation. Restoring ends the scope that
 * setting opened, so a worker keeps nothing of a task's labels. A value written into a Reactor {@code Context}
 * under {@link #KEY} (a {@link LabelSet}) is applied around each piece of the chain that Reactor's automatic
 * propagation runs, and taken off when that piece yields.
 */
public final class LabelsThreadLocalAccessor implements ThreadLocalAccessor<Object> {

	/** The key labels are stored under in a {@code ContextSnapshot} or a Reactor {@code Context}. */
	public static final String KEY = ContextLabels.KEY;

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
	public @Nullable LabelSet getValue() {
		LabelSet current = this.stack.current();
		return current.isEmpty() ? null : current;
	}

	@Override
	public void setValue(Object value) {
		this.opened.get().push(this.stack.enterExactly(ContextLabels.of(value)));
	}

	@Override
	public void setValue() {
		// The snapshot had no labels: none may apply while it is in scope.
		this.opened.get().push(this.stack.enterExactly(LabelSet.EMPTY));
	}

	@Override
	public void restore(Object previousValue) {
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
		// The empty deque stays with the thread: Reactor sets and restores around every signal, and building a new
		// one each time would cost more than the scope itself.
		LabelScope scope = this.opened.get().poll();
		if (scope != null) {
			scope.close();
		}
	}

}

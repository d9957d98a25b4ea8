package dev.pyroscopestarter.internal.labels.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.NativeScope;
import dev.pyroscopestarter.internal.agent.virtualthreads.CarriedContext;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads;
import dev.pyroscopestarter.labels.LabelScope;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The labels of each thread, as a stack of scopes, and the profiler's context id kept in step with its top.
 * <p>
 * The agent applies only the innermost scope's labels; this stack merges each scope with the enclosing ones so
 * that the innermost scope carries them all, and restores the enclosing scope on close. Every scope opened here
 * registers one agent context unless its set shares a constant one; the agent forgets it after the first upload
 * that follows its close: a scope must be closed, on the thread that opened it. The annotation, the API, the
 * route labels and the propagation decorators all come here; application code uses
 * {@link dev.pyroscopestarter.labels.ProfilingLabels}.
 * <p>
 * On a virtual thread in {@link VirtualThreadMode#FOLLOW} mode, each change of the context id is also recorded
 * where the mount hooks find it ({@link dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads}), so that the id follows the thread from carrier to carrier.
 */
public final class LabelStack {

	private static final Log logger = LogFactory.getLog(LabelStack.class);

	private final ThreadLocal<Stack> current;

	private final NativeContexts contexts;

	private final VirtualThreadMode virtualThreadMode;

	private final VirtualThreadHooks hooks;

	private final AtomicBoolean virtualThreadWarning = new AtomicBoolean();

	/**
	 * @param contexts where label sets get their agent contexts
	 * @param virtualThreadMode what scopes do on virtual threads
	 * @param hooks what makes contexts follow virtual threads in {@link VirtualThreadMode#FOLLOW} mode
	 */
	public LabelStack(NativeContexts contexts, VirtualThreadMode virtualThreadMode, VirtualThreadHooks hooks) {
		this.contexts = contexts;
		this.virtualThreadMode = virtualThreadMode;
		this.hooks = hooks;
		boolean follow = (virtualThreadMode == VirtualThreadMode.FOLLOW);
		this.current = ThreadLocal.withInitial(() -> new Stack(follow));
	}

	public VirtualThreadMode virtualThreadMode() {
		return this.virtualThreadMode;
	}

	/** The labels that apply to the current thread; empty outside any scope. */
	public LabelSet current() {
		Frame top = liveTop(this.current.get());
		return (top != null) ? top.labels : LabelSet.EMPTY;
	}

	/** Opens a scope with the current labels and prepared ones (a checked set, or fixed labels) added. */
	public LabelScope enterMerged(PreparedLabels added) {
		Stack stack = this.current.get();
		Frame top = liveTop(stack);
		return enter(stack, top, added.onto((top != null) ? top.labels : LabelSet.EMPTY));
	}

	/**
	 * Opens a scope with the current labels, fixed ones if any, and then dynamic ones added. Names must be sorted,
	 * distinct and checked, values made fit ({@link LabelRules}); a null value adds nothing.
	 */
	public LabelScope enterMerged(@Nullable FixedLabels fixed, String[] names, @Nullable String[] values) {
		Stack stack = this.current.get();
		Frame top = liveTop(stack);
		LabelSet outer = (top != null) ? top.labels : LabelSet.EMPTY;
		return enter(stack, top, ((fixed != null) ? fixed.onto(outer) : outer).with(names, values, false));
	}

	/** Opens a scope with the labels {@code merge} makes of the current ones (it returns them for no change). */
	public LabelScope enterMerged(UnaryOperator<LabelSet> merge) {
		Stack stack = this.current.get();
		Frame top = liveTop(stack);
		return enter(stack, top, merge.apply((top != null) ? top.labels : LabelSet.EMPTY));
	}

	/** Opens a scope with exactly the given labels, the enclosing ones hidden until it closes. */
	public LabelScope enterExactly(LabelSet labels) {
		Stack stack = this.current.get();
		return enter(stack, liveTop(stack), labels);
	}

	private LabelScope enter(Stack stack, @Nullable Frame top, LabelSet labels) {
		if (top != null ? top.labels == labels : labels.isEmpty()) {
			// Nothing changes: no agent context, nothing to restore.
			return new Unchanged(labels);
		}
		boolean pin = false;
		boolean applyNatively = NativeContexts.enabled();
		if (applyNatively && stack.virtual) {
			if (this.virtualThreadMode == VirtualThreadMode.FOLLOW) {
				if (!this.hooks.active()) {
					// Labels apply meanwhile as on platform threads; the hooks say once if they cannot install.
					this.hooks.installInBackground();
				}
			}
			else if (this.virtualThreadMode == VirtualThreadMode.PIN && VirtualThreads.canPin()) {
				pin = true;
			}
			else {
				applyNatively = (this.virtualThreadMode == VirtualThreadMode.LABEL);
				warnOnce();
			}
		}
		if (pin) {
			VirtualThreads.pin();
		}
		long outerId = (top != null) ? top.effectiveId : 0;
		NativeScope scope = null;
		long id = outerId;
		if (applyNatively) {
			id = labels.isEmpty() ? 0 : labels.constantContextId(this.contexts);
			if (id != 0 || labels.isEmpty()) {
				// No labels, or a set with its shared context: only the thread's id changes.
				NativeContexts.setCurrent(id);
			}
			else {
				scope = this.contexts.open(labels.nativeLabels(), outerId);
				id = scope.id();
			}
			stack.record(id);
		}
		Frame frame = new Frame(this, stack, labels, top, scope, id, applyNatively, pin);
		stack.top = frame;
		return frame;
	}

	// The top scope of this thread, dropping scopes that were closed from another thread.
	private static @Nullable Frame liveTop(Stack stack) {
		Frame top = stack.top;
		if (top == null || !top.closed) {
			return top;
		}
		Frame live = top;
		while (live != null && live.closed) {
			live.unpinIfOwner();
			live = live.parent;
		}
		stack.top = live;
		setCurrent(stack, (live != null) ? live.effectiveId : 0);
		return live;
	}

	private static void setCurrent(Stack stack, long contextId) {
		NativeContexts.setCurrent(contextId);
		stack.record(contextId);
	}

	private void warnOnce() {
		if (this.virtualThreadWarning.compareAndSet(false, true)) {
			if (this.virtualThreadMode == VirtualThreadMode.LABEL) {
				logger.warn("Pyroscope labels are applied on virtual threads, but the profiler keeps them per carrier "
						+ "thread: work that blocks inside a labelled scope and resumes on another carrier may be "
						+ "profiled with wrong labels, and may lend its labels to other virtual threads. Set "
						+ "pyroscope.dynamic-labels.virtual-threads=pin (with --add-exports "
						+ "java.base/jdk.internal.vm=ALL-UNNAMED) to keep them exact, or =skip to leave virtual threads "
						+ "unlabelled.");
			}
			else if (this.virtualThreadMode == VirtualThreadMode.PIN) {
				logger.warn("pyroscope.dynamic-labels.virtual-threads=pin needs the JVM option "
						+ "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED; without it, work on virtual threads is "
						+ "left unlabelled.");
			}
		}
	}

	/** A scope that changed nothing: the labels were already those. */
	private record Unchanged(LabelSet set) implements LabelScope {

		@Override
		public Map<String, String> labels() {
			return this.set.asMap();
		}

		@Override
		public void close() {
		}

	}

	/** One thread's scopes: the top one, linked to those it nests in. */
	private static final class Stack {

		private @Nullable Frame top;

		/** The thread whose scopes these are. */
		private final Thread owner = Thread.currentThread();

		private final boolean virtual = VirtualThreads.isVirtual(this.owner);

		/** Where the mount hooks find this virtual thread's context id; null unless following. */
		private final @Nullable CarriedContext carried;

		Stack(boolean follow) {
			this.carried = follow ? VirtualThreads.carried() : null;
		}

		void record(long contextId) {
			if (this.carried != null) {
				this.carried.contextId(contextId);
			}
		}

	}

	private static final class Frame implements LabelScope {

		private final LabelStack labelStack;

		private final Stack stack;

		private final LabelSet labels;

		private final @Nullable Frame parent;

		/** This scope's own agent context, closed with it; null when it shares a constant one or has none. */
		private final @Nullable NativeScope scope;

		/** The context id in force while this scope is on top (0: none). */
		private final long effectiveId;

		/** Whether opening this scope changed the thread's context id. */
		private final boolean applied;

		private boolean pinned;

		// Written by the owner; another thread closing it (misuse) is noticed on the owner's next use.
		private boolean closed;

		Frame(LabelStack labelStack, Stack stack, LabelSet labels, @Nullable Frame parent, @Nullable NativeScope scope,
				long effectiveId, boolean applied, boolean pinned) {
			this.labelStack = labelStack;
			this.stack = stack;
			this.labels = labels;
			this.parent = parent;
			this.scope = scope;
			this.effectiveId = effectiveId;
			this.applied = applied;
			this.pinned = pinned;
		}

		@Override
		public Map<String, String> labels() {
			return this.labels.asMap();
		}

		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			if (Thread.currentThread() != this.stack.owner) {
				closeFromAnotherThread();
				return;
			}
			Frame top = this.stack.top;
			if (top == this) {
				release();
				this.stack.top = this.parent;
				return;
			}
			if (isAbove(top)) {
				// Inner scopes left open (closed out of order): they end with this one.
				for (Frame inner = top; inner != null && inner != this; inner = inner.parent) {
					inner.release();
				}
				release();
				this.stack.top = this.parent;
			}
			else {
				// Not on this thread's stack any more: put the actual top's context back.
				release();
				setCurrent(this.stack, (top != null) ? top.effectiveId : 0);
			}
		}

		private boolean isAbove(@Nullable Frame top) {
			for (Frame frame = top; frame != null; frame = frame.parent) {
				if (frame == this) {
					return true;
				}
			}
			return false;
		}

		// Restores the enclosing context on this (the owner) thread.
		private void release() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.scope != null) {
				this.scope.close();
				this.stack.record((this.parent != null) ? this.parent.effectiveId : 0);
			}
			else if (this.applied) {
				setCurrent(this.stack, (this.parent != null) ? this.parent.effectiveId : 0);
			}
			if (this.pinned) {
				unpinIfOwner();
			}
		}

		// Misuse, but never leak: release the agent context and keep this thread's own context as it was.
		private void closeFromAnotherThread() {
			this.closed = true;
			if (this.scope != null) {
				this.scope.close();
				Stack ownStack = this.labelStack.current.get();
				Frame own = liveTop(ownStack);
				setCurrent(ownStack, (own != null) ? own.effectiveId : 0);
			}
		}

		void unpinIfOwner() {
			if (this.pinned && Thread.currentThread() == this.stack.owner) {
				this.pinned = false;
				VirtualThreads.unpin();
			}
		}

		@Override
		public String toString() {
			return "LabelScope" + this.labels;
		}

	}

}

package dev.pyroscopestarter.labels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.pyroscope.labels.v2.ScopedContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The labels of each thread, as a stack of scopes, and the profiler's context id kept in step with its top.
 * <p>
 * The agent applies only the innermost scope's labels; this stack merges each scope with the enclosing ones so
 * that the innermost scope carries them all, and restores the enclosing scope on close. Every scope opened here
 * registers one agent context, which the agent forgets after the first upload that follows its close: a scope
 * must be closed, on the thread that opened it. The annotation, the API, the web interceptor and the
 * propagation decorators all come here; application code uses {@link ProfilingLabels}.
 */
public final class LabelStack {

	private static final Log logger = LogFactory.getLog(LabelStack.class);

	private static final ThreadLocal<Stack> CURRENT = ThreadLocal.withInitial(Stack::forCurrentThread);

	/**
	 * The stacks of live platform threads, each counting its own scopes without atomic operations; an ended
	 * thread's stack leaves with it. Virtual threads, many and short-lived, count in {@link #VIRTUAL_THREAD_SCOPES}.
	 */
	private static final Set<Reference<Stack>> PLATFORM_STACKS = ConcurrentHashMap.newKeySet();

	private static final ReferenceQueue<Stack> ENDED_STACKS = new ReferenceQueue<>();

	private static final LongAdder VIRTUAL_THREAD_SCOPES = new LongAdder();

	private static final AtomicBoolean VIRTUAL_THREAD_WARNING = new AtomicBoolean();

	private static volatile VirtualThreadMode virtualThreadMode = VirtualThreadMode.LABEL;

	private LabelStack() {
	}

	/** The labels that apply to the current thread; empty outside any scope. */
	public static LabelSet current() {
		Frame top = liveTop(CURRENT.get());
		return (top != null) ? top.labels : LabelSet.EMPTY;
	}

	/** Scopes opened and not closed yet, on all threads. Zero when nothing runs inside a scope. */
	public static long openScopes() {
		long open = VIRTUAL_THREAD_SCOPES.sum();
		for (Reference<Stack> reference : PLATFORM_STACKS) {
			Stack stack = reference.get();
			if (stack != null) {
				open += stack.openScopes();
			}
		}
		return open;
	}

	/** How scopes behave on virtual threads, for the whole JVM. */
	public static void setVirtualThreadMode(VirtualThreadMode mode) {
		virtualThreadMode = mode;
		VIRTUAL_THREAD_WARNING.set(false);
	}

	public static VirtualThreadMode virtualThreadMode() {
		return virtualThreadMode;
	}

	/**
	 * Opens a scope with the current labels and the given ones added. For the starter's integrations: names must
	 * be sorted, distinct and checked, values made fit ({@link LabelRules}); a null value adds nothing.
	 */
	public static LabelScope enterMerged(String[] names, String[] values) {
		Stack stack = CURRENT.get();
		Frame top = liveTop(stack);
		LabelSet outer = (top != null) ? top.labels : LabelSet.EMPTY;
		return enter(stack, top, outer.with(names, values, false));
	}

	/** Opens a scope with the current labels and those of {@code added} (checked and admitted) added. */
	static LabelScope enterMerged(LabelSet added) {
		Stack stack = CURRENT.get();
		Frame top = liveTop(stack);
		return enter(stack, top, (top != null) ? top.labels.with(added) : added);
	}

	/** Opens a scope with the current labels and fixed ones added; the merged set is reused while the outer one is. */
	public static LabelScope enterMerged(FixedLabels added) {
		Stack stack = CURRENT.get();
		Frame top = liveTop(stack);
		return enter(stack, top, added.onto((top != null) ? top.labels : LabelSet.EMPTY));
	}

	/** Opens a scope with the current labels, fixed ones and then dynamic ones added (as above). */
	public static LabelScope enterMerged(FixedLabels fixed, String[] names, String[] values) {
		Stack stack = CURRENT.get();
		Frame top = liveTop(stack);
		return enter(stack, top, fixed.onto((top != null) ? top.labels : LabelSet.EMPTY).with(names, values, false));
	}

	/** Opens a scope with exactly the given labels, the enclosing ones hidden until it closes. */
	public static LabelScope enterExactly(LabelSet labels) {
		Stack stack = CURRENT.get();
		return enter(stack, liveTop(stack), labels);
	}

	private static LabelScope enter(Stack stack, Frame top, LabelSet labels) {
		if (top != null ? top.labels == labels : labels.isEmpty()) {
			// Nothing changes: no agent context, nothing to restore.
			return new Unchanged(labels);
		}
		boolean pin = false;
		boolean applyNatively = NativeContext.enabled();
		if (applyNatively && stack.virtual) {
			VirtualThreadMode mode = virtualThreadMode();
			if (mode == VirtualThreadMode.PIN && VirtualThreads.canPin()) {
				pin = true;
			}
			else {
				applyNatively = (mode == VirtualThreadMode.LABEL);
				warnOnce(mode);
			}
		}
		if (pin) {
			VirtualThreads.pin();
		}
		long outerId = (top != null) ? top.effectiveId : 0;
		ScopedContext context = null;
		long id = outerId;
		if (applyNatively) {
			id = labels.isEmpty() ? 0 : labels.constantContextId();
			if (id != 0 || labels.isEmpty()) {
				// No labels, or a set fixed in code with its shared context: only the thread's id changes.
				NativeContext.set(id);
			}
			else {
				context = NativeContext.openScoped(labels.agentLabels(), outerId);
				id = NativeContext.idOf(context);
			}
		}
		Frame frame = new Frame(stack, labels, top, context, id, applyNatively, pin);
		stack.top = frame;
		stack.opened();
		return frame;
	}

	// The top scope of this thread, dropping scopes that were closed from another thread.
	private static Frame liveTop(Stack stack) {
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
		NativeContext.set((live != null) ? live.effectiveId : 0);
		return live;
	}

	private static void warnOnce(VirtualThreadMode mode) {
		if (VIRTUAL_THREAD_WARNING.compareAndSet(false, true)) {
			if (mode == VirtualThreadMode.LABEL) {
				logger.warn("Pyroscope labels are applied on virtual threads, but the profiler keeps them per carrier "
						+ "thread: work that blocks inside a labelled scope and resumes on another carrier may be "
						+ "profiled with wrong labels, and may lend its labels to other virtual threads. Set "
						+ "pyroscope.tags.virtual-threads=pin (with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED) "
						+ "to keep them exact, or =skip to leave virtual threads unlabelled.");
			}
			else if (mode == VirtualThreadMode.PIN) {
				logger.warn("pyroscope.tags.virtual-threads=pin needs the JVM option "
						+ "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED; without it, work on virtual threads is "
						+ "left unlabelled.");
			}
		}
	}

	/** A scope that changed nothing: the labels were already those. */
	private record Unchanged(LabelSet labels) implements LabelScope {

		@Override
		public void close() {
		}

	}

	/** One thread's scopes: the top one, linked to those it nests in, and how many are open. */
	private static final class Stack {

		private static final VarHandle OPEN;

		private static final VarHandle CLOSED_ELSEWHERE;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				OPEN = lookup.findVarHandle(Stack.class, "open", int.class);
				CLOSED_ELSEWHERE = lookup.findVarHandle(Stack.class, "closedElsewhere", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private Frame top;

		/** The thread whose scopes these are. */
		private final Thread owner;

		/**
		 * Whether that thread is virtual: its scopes count in the shared counter, not in this stack, which is not
		 * registered.
		 */
		private final boolean virtual;

		/** Scopes opened minus scopes released, written by the owner only. */
		@SuppressWarnings("unused")
		private int open;

		/** Scopes of this stack closed by other threads (misuse), written atomically by them. */
		@SuppressWarnings("unused")
		private int closedElsewhere;

		private Stack(Thread owner) {
			this.owner = owner;
			this.virtual = VirtualThreads.isVirtual(owner);
		}

		static Stack forCurrentThread() {
			Stack stack = new Stack(Thread.currentThread());
			if (stack.virtual) {
				return stack;
			}
			for (Reference<? extends Stack> ended = ENDED_STACKS.poll(); ended != null; ended = ENDED_STACKS.poll()) {
				PLATFORM_STACKS.remove(ended);
			}
			PLATFORM_STACKS.add(new WeakReference<>(stack, ENDED_STACKS));
			return stack;
		}

		void opened() {
			if (!this.virtual) {
				// A release store: a plain write on x86, and still seen by openScopes() on other threads.
				OPEN.setRelease(this, (int) OPEN.get(this) + 1);
			}
			else {
				VIRTUAL_THREAD_SCOPES.increment();
			}
		}

		void released() {
			if (!this.virtual) {
				OPEN.setRelease(this, (int) OPEN.get(this) - 1);
			}
			else {
				VIRTUAL_THREAD_SCOPES.decrement();
			}
		}

		void releasedElsewhere() {
			if (!this.virtual) {
				CLOSED_ELSEWHERE.getAndAdd(this, 1);
			}
			else {
				VIRTUAL_THREAD_SCOPES.decrement();
			}
		}

		int openScopes() {
			return (int) OPEN.getAcquire(this) - (int) CLOSED_ELSEWHERE.getAcquire(this);
		}

	}

	private static final class Frame implements LabelScope {

		private final Stack stack;

		private final LabelSet labels;

		private final Frame parent;

		/** This scope's own agent context, closed with it; null when it shares a constant one or has none. */
		private final ScopedContext context;

		/** The context id in force while this scope is on top (0: none). */
		private final long effectiveId;

		/** Whether opening this scope changed the thread's context id. */
		private final boolean applied;

		private boolean pinned;

		// Written by the owner; another thread closing it (misuse) is noticed on the owner's next use.
		private boolean closed;

		Frame(Stack stack, LabelSet labels, Frame parent, ScopedContext context, long effectiveId,
				boolean applied, boolean pinned) {
			this.stack = stack;
			this.labels = labels;
			this.parent = parent;
			this.context = context;
			this.effectiveId = effectiveId;
			this.applied = applied;
			this.pinned = pinned;
		}

		@Override
		public LabelSet labels() {
			return this.labels;
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
				for (Frame inner = top; inner != this; inner = inner.parent) {
					inner.release();
				}
				release();
				this.stack.top = this.parent;
			}
			else {
				// Not on this thread's stack any more: put the actual top's context back.
				release();
				NativeContext.set((top != null) ? top.effectiveId : 0);
			}
		}

		private boolean isAbove(Frame top) {
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
			this.stack.released();
			if (this.context != null) {
				this.context.close();
			}
			else if (this.applied) {
				NativeContext.set((this.parent != null) ? this.parent.effectiveId : 0);
			}
			if (this.pinned) {
				unpinIfOwner();
			}
		}

		// Misuse, but never leak: release the agent context and keep this thread's own context as it was.
		private void closeFromAnotherThread() {
			this.closed = true;
			this.stack.releasedElsewhere();
			if (this.context != null) {
				this.context.close();
				Frame own = liveTop(CURRENT.get());
				NativeContext.set((own != null) ? own.effectiveId : 0);
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

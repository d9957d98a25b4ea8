package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Installs, once per JVM, the hooks that make the profiler's per-carrier contexts follow virtual threads
 * ({@link CarrierContexts}). Installing attaches to the running JVM (the JDK prints a warning about it unless
 * {@code -XX:+EnableDynamicAgentLoading} is set, or Byte Buddy's agent jar is given with {@code -javaagent}), opens
 * {@code java.lang} to this module, defines the hook class and retransforms {@code java.lang.VirtualThread}. Where
 * any of it is impossible (Java 17, a runtime without {@code jdk.attach}, {@code -XX:-EnableDynamicAgentLoading},
 * Byte Buddy missing) it logs one line and leaves everything as it was.
 */
public final class VirtualThreadHooks {

	private static final Log logger = LogFactory.getLog(VirtualThreadHooks.class);

	private static final VirtualThreadHooks SHARED = new VirtualThreadHooks(new ByteBuddyAttach());

	/** Where the hooks come from; a seam for tests of what happens when attaching fails. */
	@FunctionalInterface
	public interface Attach {

		Instrumentation instrumentation() throws Exception;

	}

	/** Where installing stands. */
	public enum State {

		/** Not asked for yet. */
		NOT_INSTALLED,

		/** Under way on a background thread. */
		INSTALLING,

		/** Installed: contexts follow virtual threads. */
		ACTIVE,

		/** Impossible here; {@link #problem()} says why. */
		UNAVAILABLE

	}

	private final Attach attach;

	private final AtomicBoolean started = new AtomicBoolean();

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile State state = State.NOT_INSTALLED;

	private volatile @Nullable String problem;

	/** @param attach how the instrumentation is obtained */
	public VirtualThreadHooks(Attach attach) {
		this.attach = attach;
	}

	/** The hooks of this JVM. */
	/**
	 * The mount and unmount hooks, prepared as installing them does but not installed: for measuring what their
	 * bodies cost. Needs a running agent and {@code java.lang} open to this module.
	 */
	public static Runnable[] prepareUninstalled() throws ReflectiveOperationException {
		CarrierContexts.Hooks hooks = CarrierContexts.prepareHooks();
		return new Runnable[] { hooks.mounted(), hooks.unmounting() };
	}

	public static VirtualThreadHooks shared() {
		return SHARED;
	}

	public State state() {
		return this.state;
	}

	/** Whether contexts follow virtual threads. */
	public boolean active() {
		return this.state == State.ACTIVE;
	}

	/** Why the hooks could not be installed; null unless {@link State#UNAVAILABLE}. */
	public @Nullable String problem() {
		return this.problem;
	}

	/** Starts installing on a background thread, the first time; returns at once. */
	public void installInBackground() {
		if (this.started.compareAndSet(false, true)) {
			this.state = State.INSTALLING;
			Thread thread = new Thread(this::doInstall, "pyroscope-virtual-thread-hooks");
			thread.setDaemon(true);
			thread.start();
		}
	}

	/**
	 * Installs, the first time, and waits for the outcome.
	 * @param timeout how long to wait for an install under way (attaching takes a few hundred milliseconds)
	 * @return whether the hooks are active
	 */
	public boolean install(Duration timeout) {
		installInBackground();
		try {
			this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return active();
	}

	private void doInstall() {
		long start = System.nanoTime();
		try {
			String reason = install();
			if (reason == null) {
				this.state = State.ACTIVE;
				logger.info("Pyroscope labels and spans follow virtual threads from carrier to carrier "
						+ "(java.lang.VirtualThread instrumented in " + (System.nanoTime() - start) / 1_000_000 + " ms).");
			}
			else {
				unavailable(reason);
			}
		}
		catch (Throwable ex) {
			unavailable(describe(ex));
		}
		finally {
			this.finished.countDown();
		}
	}

	private void unavailable(String reason) {
		this.problem = reason;
		this.state = State.UNAVAILABLE;
		logger.warn("Pyroscope could not make labels follow virtual threads (" + reason + "): work that blocks inside "
				+ "a labelled scope on a virtual thread may be profiled with wrong labels. Run on JDK 21+ with the "
				+ "jdk.attach module and without -XX:-EnableDynamicAgentLoading, or set "
				+ "pyroscope.dynamic-labels.virtual-threads=pin or =skip.");
	}

	// Null when installed, otherwise why not.
	private @Nullable String install() throws Exception {
		if (Runtime.version().feature() < 21) {
			return "Java " + Runtime.version().feature() + " has no virtual threads";
		}
		Class<?> virtualThread = Class.forName("java.lang.VirtualThread");
		Instrumentation instrumentation = this.attach.instrumentation();
		if (!instrumentation.isRetransformClassesSupported()) {
			return "the instrumentation cannot retransform classes";
		}
		// The hooks read virtual threads' thread-local maps, and the hook class is defined in java.lang.
		Set<Module> modules = new HashSet<>(List.of(VirtualThreadHooks.class.getModule(), CarrierContexts.class.getModule()));
		instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", modules),
				Set.of(), Map.of());
		CarrierContexts.Hooks hooks = CarrierContexts.prepareHooks();
		Class<?> hookClass = findHookClass();
		boolean transformed = (hookClass != null);
		if (hookClass == null) {
			hookClass = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup()).defineClass(HookClass.bytes());
		}
		hookClass.getField(HookClass.ON_MOUNT).set(null, hooks.mounted());
		hookClass.getField(HookClass.ON_UNMOUNT).set(null, hooks.unmounting());
		// Resolve the hook class's own calls before a mount can run them.
		hookClass.getMethod(HookClass.MOUNTED).invoke(null);
		hookClass.getMethod(HookClass.UNMOUNTING).invoke(null);
		if (transformed) {
			// Another copy of the starter (another class loader) instrumented VirtualThread: its calls now run ours.
			return null;
		}
		MountTransformer transformer = new MountTransformer();
		instrumentation.addTransformer(transformer, true);
		instrumentation.retransformClasses(virtualThread);
		if (transformer.hooksAdded() != 2) {
			instrumentation.removeTransformer(transformer);
			Throwable failure = transformer.failure();
			return (failure != null) ? "VirtualThread could not be transformed: " + describe(failure)
					: "this JDK's VirtualThread has no mount() and unmount() to instrument";
		}
		// The transformer stays registered, so that a retransformation by another agent keeps the hooks.
		return null;
	}

	private static @Nullable Class<?> findHookClass() {
		try {
			return Class.forName(HookClass.NAME, false, null);
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		String text = cause.getClass().getSimpleName() + ((message != null) ? ": " + message.lines().findFirst().orElse("") : "");
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	/** Attaches with Byte Buddy's agent, in a class of its own so that Byte Buddy loads only when used. */
	private static final class ByteBuddyAttach implements Attach {

		@Override
		public Instrumentation instrumentation() throws Exception {
			for (String[] needed : new String[][] { { "net.bytebuddy.agent.ByteBuddyAgent", "byte-buddy-agent" },
					{ "net.bytebuddy.jar.asm.ClassWriter", "byte-buddy" } }) {
				try {
					Class.forName(needed[0], false, VirtualThreadHooks.class.getClassLoader());
				}
				catch (ClassNotFoundException ex) {
					throw new IllegalStateException("net.bytebuddy:" + needed[1] + " is not on the class path");
				}
			}
			return Installer.install();
		}

	}

	private static final class Installer {

		static Instrumentation install() {
			return net.bytebuddy.agent.ByteBuddyAgent.install();
		}

	}

}

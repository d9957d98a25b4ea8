package dev.pyroscopestarter.internal.labels.support;

/**
 * What a label scope does on a virtual thread. The profiler keeps the label context per carrier (OS) thread: a
 * virtual thread that blocks inside a scope may resume on another carrier, where its samples would get whatever
 * context that carrier holds, while its first carrier would lend its labels to the virtual threads it runs next.
 */
public enum VirtualThreadMode {

	/**
	 * Label as on platform threads, and make the labels follow each virtual thread: {@code java.lang.VirtualThread}
	 * is instrumented (once, when a virtual thread first opens a scope, or at startup with
	 * {@code spring.threads.virtual.enabled=true}) so that mounting sets the carrier's context to the virtual
	 * thread's and unmounting clears it. Where instrumenting is impossible, behaves as {@link #LABEL}, said once in
	 * the log.
	 */
	FOLLOW,

	/**
	 * Label as on platform threads without instrumenting anything, and warn once: samples taken after a virtual
	 * thread blocked inside a scope may carry wrong labels.
	 */
	LABEL,

	/**
	 * Keep the virtual thread on its carrier while a scope is open, so that its samples, and only its samples,
	 * carry its labels, without instrumenting anything. A virtual thread that blocks inside a scope then holds its
	 * carrier, as a platform thread would. Needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED};
	 * without it, falls back to {@link #SKIP} with a warning. For runtimes where {@link #FOLLOW} cannot instrument.
	 */
	PIN,

	/** Do not label work on virtual threads: it shows without dynamic labels, but never with wrong ones. */
	SKIP

}

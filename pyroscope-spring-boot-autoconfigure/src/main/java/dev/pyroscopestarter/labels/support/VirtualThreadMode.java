package dev.pyroscopestarter.labels.support;

/**
 * What a label scope does on a virtual thread. The profiler keeps the label context per carrier (OS) thread: a
 * virtual thread that blocks inside a scope may resume on another carrier, where its samples get whatever context
 * that carrier holds, while its first carrier lends its labels to the virtual threads it runs next.
 */
public enum VirtualThreadMode {

	/**
	 * Label as on platform threads, and warn once: samples taken after a virtual thread blocked inside a scope may
	 * carry wrong labels.
	 */
	LABEL,

	/**
	 * Keep the virtual thread on its carrier while a scope is open, so that its samples, and only its samples,
	 * carry its labels. A virtual thread that blocks inside a scope then holds its carrier, as a platform thread
	 * would. Needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}; without it, falls back to
	 * {@link #SKIP} with a warning.
	 */
	PIN,

	/** Do not label work on virtual threads: it shows without dynamic labels, but never with wrong ones. */
	SKIP

}

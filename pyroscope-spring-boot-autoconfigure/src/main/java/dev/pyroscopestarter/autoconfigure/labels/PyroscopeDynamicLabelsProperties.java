package dev.pyroscopestarter.autoconfigure.labels;


import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dynamic labels: {@code @ProfileTag}, the {@code ProfilingLabels} API and labels following work to other threads.
 * (Static labels are {@code pyroscope.labels.*}.)
 */
@ConfigurationProperties(PyroscopeDynamicLabelsProperties.PREFIX)
public class PyroscopeDynamicLabelsProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "pyroscope.dynamic-labels";

	/**
	 * Longest dynamic label value, in characters, at most 2048; longer values are cut, as are values longer than
	 * the 2048 bytes Pyroscope accepts. Surrounding whitespace is removed and control characters are replaced by '_'.
	 */
	private int maxValueLength = 128;

	/**
	 * What label scopes do on virtual threads, whose labels the profiler keeps per carrier thread: 'follow' (label,
	 * and instrument java.lang.VirtualThread so that the labels follow each virtual thread to its carriers), 'label'
	 * (label without instrumenting; samples taken after blocking inside a scope may carry wrong labels), 'pin' (keep
	 * the virtual thread on its carrier inside a scope; needs --add-exports java.base/jdk.internal.vm=ALL-UNNAMED)
	 * or 'skip' (leave virtual threads unlabelled).
	 */
	private VirtualThreads virtualThreads = VirtualThreads.FOLLOW;

	private final Annotation annotation = new Annotation();

	private final Propagation propagation = new Propagation();

	private final Cardinality cardinality = new Cardinality();

	public int getMaxValueLength() {
		return this.maxValueLength;
	}

	public void setMaxValueLength(int maxValueLength) {
		this.maxValueLength = maxValueLength;
	}

	public VirtualThreads getVirtualThreads() {
		return this.virtualThreads;
	}

	public void setVirtualThreads(VirtualThreads virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	public Annotation getAnnotation() {
		return this.annotation;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	public Cardinality getCardinality() {
		return this.cardinality;
	}

	public static class Annotation {

		/**
		 * Whether methods of Spring beans annotated with @ProfileTag (or in an annotated class) are labelled.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Propagation {

		/**
		 * Whether labels follow work handed to other threads: a TaskDecorator for @Async and the executors Spring
		 * Boot builds, with Micrometer's context-propagation library a ThreadLocalAccessor, and with Reactor a
		 * schedule hook.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Cardinality {

		/**
		 * Most distinct values a label key takes in one upload window; further values are replaced by the
		 * overflow value and counted. Keeps a raw id used as a label from creating a series per id on the server.
		 * Values fixed in code (@ProfileTag literals, routes, methods) are not counted.
		 */
		private int maxValuesPerKey = 100;

		/**
		 * Value sent instead of values beyond the limit.
		 */
		private String overflowValue = "_overflow_";

		public int getMaxValuesPerKey() {
			return this.maxValuesPerKey;
		}

		public void setMaxValuesPerKey(int maxValuesPerKey) {
			this.maxValuesPerKey = maxValuesPerKey;
		}

		public String getOverflowValue() {
			return this.overflowValue;
		}

		public void setOverflowValue(String overflowValue) {
			this.overflowValue = overflowValue;
		}

	}

	/**
	 * What a label scope does on a virtual thread. The profiler keeps the label context per carrier (OS) thread: a
	 * virtual thread that blocks inside a scope may resume on another carrier, where its samples would get whatever
	 * context that carrier holds, while its first carrier would lend its labels to the virtual threads it runs next.
	 */
	public enum VirtualThreads {

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

}

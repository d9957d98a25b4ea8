package dev.pyroscopestarter.labels;

import java.util.Map;

/**
 * Labels applied to the current thread until closed; closing restores the labels that applied before. Use it in
 * a try-with-resources block, on the thread that opened it.
 */
public interface LabelScope extends AutoCloseable {

	/** The labels this scope applies, its own merged with the enclosing ones, sorted by name. */
	Map<String, String> labels();

	/** Restores the enclosing labels. Closing twice does nothing. */
	@Override
	void close();

}

package dev.pyroscopestarter.profiler;

import java.util.Map;

/**
 * How many distinct values each dynamic label has taken. Every value of a label becomes a series on the server,
 * so a label with many values (a user id, a request id) is costly. Declare a bean of this type to replace the
 * starter's own count, which looks at the most recent profiling window only.
 */
@FunctionalInterface
public interface LabelCardinality {

	/** Distinct values per label name; empty when nothing is known. */
	Map<String, Integer> distinctValuesPerKey();

}

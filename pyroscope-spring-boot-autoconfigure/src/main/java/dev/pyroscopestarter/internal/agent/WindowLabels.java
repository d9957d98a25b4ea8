package dev.pyroscopestarter.internal.agent;

import java.util.HashMap;
import java.util.Map;

import io.pyroscope.labels.pb.JfrLabels.LabelsSnapshot;
import io.pyroscope.vendor.com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads the labels of a {@link dev.pyroscopestarter.export.ProfileWindow}: each context id its samples carry, with the labels of that context.
 */
public final class WindowLabels {

	private WindowLabels() {
	}

	/**
	 * The labels of each context id of one window; empty when there are none.
	 * @throws IllegalArgumentException when the bytes are not a labels snapshot
	 */
	public static Map<Long, Map<String, String>> contexts(byte[] labels) {
		if (labels.length == 0) {
			return Map.of();
		}
		LabelsSnapshot snapshot = parse(labels);
		Map<Long, String> strings = snapshot.getStringsMap();
		Map<Long, Map<String, String>> contexts = new HashMap<>();
		snapshot.getContextsMap().forEach((contextId, context) -> {
			Map<String, String> named = new HashMap<>();
			context.getLabelsMap().forEach((key, value) -> {
				String name = strings.get(key);
				String text = strings.get(value);
				if (name != null && text != null) {
					named.put(name, text);
				}
			});
			contexts.put(contextId, named);
		});
		return contexts;
	}

	/**
	 * The strings of one window by id: label names and values, and the profiler constants such as the span names
	 * its samples refer to; empty when there are none.
	 * @throws IllegalArgumentException when the bytes are not a labels snapshot
	 */
	public static Map<Long, String> strings(byte[] labels) {
		return (labels.length != 0) ? parse(labels).getStringsMap() : Map.of();
	}

	private static LabelsSnapshot parse(byte[] labels) {
		try {
			return LabelsSnapshot.parseFrom(labels);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("Not a Pyroscope labels snapshot", ex);
		}
	}

}

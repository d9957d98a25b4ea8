package dev.pyroscopestarter.internal.agent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.pyroscope.labels.pb.JfrLabels.Context;
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

	/**
	 * The labels of a window fitted to what the server accepts: each context keeps at most {@code maxNames} label
	 * names (those first in name order), and strings are cut to the server's lengths (names to
	 * {@link ServerLimits#MAX_NAME_LENGTH}, values and span names to {@link ServerLimits#MAX_VALUE_LENGTH} bytes). The
	 * bytes given when nothing needed fitting.
	 * @param labels a labels snapshot, or empty
	 * @param maxNames the most dynamic label names a sample may carry, 0 or more
	 * @throws IllegalArgumentException when the bytes are not a labels snapshot
	 */
	public static Fitted fitToServer(byte[] labels, int maxNames) {
		if (labels.length == 0) {
			return new Fitted(labels, 0, 0);
		}
		LabelsSnapshot snapshot = parse(labels);
		LabelsSnapshot.Builder fitted = null;
		long namesLeftOut = 0;
		Set<Long> nameIds = new HashSet<>();
		for (Map.Entry<Long, Context> entry : snapshot.getContextsMap().entrySet()) {
			Map<Long, Long> contextLabels = entry.getValue().getLabelsMap();
			nameIds.addAll(contextLabels.keySet());
			if (contextLabels.size() <= maxNames) {
				continue;
			}
			// Which names stay must not depend on a map's order: the first by name.
			Map<String, Map.Entry<Long, Long>> byName = new TreeMap<>();
			contextLabels.entrySet().forEach((label) -> byName.put(snapshot.getStringsOrDefault(label.getKey(), ""), label));
			Context.Builder context = Context.newBuilder();
			byName.values().stream().limit(maxNames).forEach((label) -> context.putLabels(label.getKey(), label.getValue()));
			namesLeftOut += contextLabels.size() - context.getLabelsCount();
			fitted = (fitted != null) ? fitted : snapshot.toBuilder();
			fitted.putContexts(entry.getKey(), context.build());
		}
		long textsCut = 0;
		for (Map.Entry<Long, String> string : snapshot.getStringsMap().entrySet()) {
			int limit = nameIds.contains(string.getKey()) ? ServerLimits.MAX_NAME_LENGTH : ServerLimits.MAX_VALUE_LENGTH;
			String cut = ServerLimits.cutToBytes(string.getValue(), limit);
			if (cut.length() < string.getValue().length()) {
				textsCut++;
				fitted = (fitted != null) ? fitted : snapshot.toBuilder();
				fitted.putStrings(string.getKey(), cut);
			}
		}
		return (fitted != null) ? new Fitted(fitted.build().toByteArray(), namesLeftOut, textsCut)
				: new Fitted(labels, 0, 0);
	}

	/**
	 * A window's labels fitted to the server's limits.
	 *
	 * @param labels the labels snapshot to send
	 * @param namesLeftOut label names taken off samples that had more than the server keeps
	 * @param textsCut label names, values and span names cut to the server's lengths
	 */
	public record Fitted(byte[] labels, long namesLeftOut, long textsCut) {

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

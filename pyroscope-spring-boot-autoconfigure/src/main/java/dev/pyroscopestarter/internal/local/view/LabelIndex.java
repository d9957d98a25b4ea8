package dev.pyroscopestarter.internal.local.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.pyroscopestarter.internal.local.ProfileType;
import dev.pyroscopestarter.internal.local.WindowProfile;
import dev.pyroscopestarter.internal.local.WindowProfile.Rows;
import dev.pyroscopestarter.internal.local.WindowProfile.SampleKey;
import org.jspecify.annotations.Nullable;

/**
 * What the kept profiles hold, for a person to pick from: the profile types with samples, and for one type each
 * label with its values and their share of the samples (by weight), within a period and under a filter. Span ids
 * and trace ids are left out: each request has its own, and the span links lead to them.
 */
public final class LabelIndex {

	/** Values listed per label, the heaviest first; the rest are counted. */
	static final int MAX_VALUES = 50;

	private final Map<ProfileType, long[]> totals = new EnumMap<>(ProfileType.class);

	private final ProfileType type;

	private final Map<String, Map<String, Long>> labels = new TreeMap<>();

	private LabelIndex(ProfileType type) {
		this.type = type;
	}

	/**
	 * @param windows the aggregated windows to look at
	 * @param type the profile type whose labels are counted
	 * @param since samples taken in an earlier second are left out
	 * @param until samples taken at or after it are left out (to the second); null for no end
	 * @param filter the labels a sample must carry to be counted
	 * @param staticLabels labels every sample carries
	 */
	public static LabelIndex of(List<WindowProfile> windows, ProfileType type, Instant since, @Nullable Instant until,
			LabelFilter filter, Map<String, String> staticLabels) {
		LabelIndex index = new LabelIndex(type);
		long sinceSecond = since.getEpochSecond();
		long untilSecond = (until != null) ? until.getEpochSecond() + ((until.getNano() > 0) ? 1 : 0)
				: Long.MAX_VALUE;
		for (WindowProfile window : windows) {
			List<SampleKey> keys = window.keys();
			for (ProfileType each : ProfileType.values()) {
				Rows rows = window.rows(each);
				if (rows == null) {
					continue;
				}
				byte[] matches = new byte[keys.size()];
				long[] keyWeights = (each == type) ? new long[keys.size()] : null;
				long[] total = index.totals.computeIfAbsent(each, (t) -> new long[2]);
				for (int row = 0; row < rows.size(); row++) {
					long second = window.epochSecond(rows.second(row));
					if (second < sinceSecond || second >= untilSecond) {
						continue;
					}
					int key = rows.key(row);
					if (matches[key] == 0) {
						matches[key] = filter.isEmpty()
								|| filter.matches(FlameGraphBuilder.labels(keys.get(key), staticLabels)) ? (byte) 1
										: (byte) -1;
					}
					if (matches[key] < 0) {
						continue;
					}
					total[0] += rows.samples(row);
					total[1] += rows.weight(row);
					if (keyWeights != null) {
						keyWeights[key] += rows.weight(row);
					}
				}
				if (keyWeights != null) {
					for (int key = 0; key < keyWeights.length; key++) {
						if (keyWeights[key] > 0) {
							index.count(keys.get(key), staticLabels, keyWeights[key]);
						}
					}
				}
			}
		}
		return index;
	}

	private void count(SampleKey key, Map<String, String> staticLabels, long weight) {
		Map<String, String> all = FlameGraphBuilder.labels(key, staticLabels);
		all.remove(SpanLabels.SPAN_ID);
		all.remove(SpanLabels.TRACE_ID);
		all.forEach((name, value) -> this.labels.computeIfAbsent(name, (n) -> new HashMap<>())
			.merge(value, weight, Long::sum));
	}

	/** Samples counted of a type, 0 when none. */
	public long samples(ProfileType type) {
		long[] total = this.totals.get(type);
		return (total != null) ? total[0] : 0;
	}

	/** Their summed weight. */
	public long total(ProfileType type) {
		long[] total = this.totals.get(type);
		return (total != null) ? total[1] : 0;
	}

	/** The weight of each value of each label, of the type counted. */
	public Map<String, Map<String, Long>> labels() {
		return this.labels;
	}

	/**
	 * The page: links go to the views next to it, relative to it.
	 * @param title what the page is about; HTML-escaped here
	 * @param period the query parameters of the period shown (seconds, or from and to), kept in every link
	 * @param filter the filter applied, kept in every link
	 * @param reserved parameter names of the views, which a label named alike must be given through {@code labels=}
	 */
	public String html(String title, String period, LabelFilter filter, Set<String> reserved) {
		StringBuilder html = new StringBuilder(8192);
		html.append("<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n<title>")
			.append(FlameGraphBuilder.escapeHtml(title))
			.append("</title>\n<style>\nbody {font: 14px Verdana, sans-serif; margin: 16px; color: #222}\n")
			.append("table {border-collapse: collapse; margin: 4px 0 18px 0}\n")
			.append("td, th {padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left}\n")
			.append("td.share {text-align: right; width: 70px}\n")
			.append(".bar {display: inline-block; height: 10px; background: #e8743b}\n")
			.append("h2 {font-size: 16px; margin: 18px 0 4px 0}\n</style>\n</head>\n<body>\n<h1>")
			.append(FlameGraphBuilder.escapeHtml(title))
			.append("</h1>\n");
		String base = period + filterQuery(filter, reserved);
		html.append("<h2>Profile types</h2>\n<table>\n<tr><th>type</th><th>samples</th><th>total</th><th></th></tr>\n");
		for (ProfileType each : ProfileType.values()) {
			if (samples(each) == 0) {
				continue;
			}
			String query = base + "&type=" + each.id();
			html.append("<tr><td>")
				.append(each.id())
				.append((each == this.type) ? " (listed below)" : "")
				.append("</td><td>")
				.append(samples(each))
				.append("</td><td>")
				.append(total(each))
				.append(' ')
				.append(each.unit())
				.append("</td><td>")
				.append(link("flamegraph?" + query, "flame graph"))
				.append(' ')
				.append(link("collapsed?" + query, "collapsed"))
				.append(' ')
				.append(link("diff?" + query + "&recent=60", "last minute against the time before"))
				.append((each != this.type) ? " " + link("index?" + query, "its labels") : "")
				.append("</td></tr>\n");
		}
		html.append("</table>\n");
		long total = total(this.type);
		if (total == 0) {
			html.append("<p>No ").append(this.type.id()).append(" samples in this period.</p>\n");
		}
		String typed = base + ((this.type != ProfileType.CPU) ? "&type=" + this.type.id() : "");
		for (Map.Entry<String, Map<String, Long>> label : this.labels.entrySet()) {
			String name = label.getKey();
			html.append("<h2>").append(FlameGraphBuilder.escapeHtml(name)).append("</h2>\n<table>\n");
			List<Map.Entry<String, Long>> values = new ArrayList<>(label.getValue().entrySet());
			values.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()));
			String top = values.get(0).getKey();
			for (Map.Entry<String, Long> value : values.subList(0, Math.min(values.size(), MAX_VALUES))) {
				double share = 100.0 * value.getValue() / total;
				String selected = typed + "&" + labelQuery(name, value.getKey(), reserved);
				html.append("<tr><td>")
					.append(FlameGraphBuilder.escapeHtml(value.getKey()))
					.append("</td><td class='share'>")
					.append(String.format(Locale.ROOT, "%.1f%%", share))
					.append("</td><td><span class='bar' style='width: ")
					.append(Math.max(1, Math.round(share * 2)))
					.append("px'></span></td><td>")
					.append(link("flamegraph?" + selected, "flame graph"))
					.append(' ')
					.append(link("collapsed?" + selected, "collapsed"));
				if (!value.getKey().equals(top)) {
					html.append(' ')
						.append(link("diff?" + typed + "&baseline=" + encode(pair(name, top)) + "&comparison="
								+ encode(pair(name, value.getKey())), "diff against " + top));
				}
				html.append("</td></tr>\n");
			}
			html.append("</table>\n");
			if (values.size() > MAX_VALUES) {
				html.append("<p>").append(values.size() - MAX_VALUES).append(" more values not listed.</p>\n");
			}
		}
		html.append("</body>\n</html>\n");
		return html.toString();
	}

	private static String filterQuery(LabelFilter filter, Set<String> reserved) {
		StringBuilder query = new StringBuilder();
		filter.accepted()
			.forEach((name, values) -> values
				.forEach((value) -> query.append('&').append(labelQuery(name, value, reserved))));
		return query.toString();
	}

	private static String labelQuery(String name, String value, Set<String> reserved) {
		if (reserved.contains(name)) {
			return "labels=" + encode(pair(name, value));
		}
		return encode(name) + "=" + encode(value);
	}

	private static String pair(String name, String value) {
		return name + "=" + value;
	}

	private static String link(String href, String text) {
		return "<a href='" + FlameGraphBuilder.escapeHtml(href) + "'>" + FlameGraphBuilder.escapeHtml(text) + "</a>";
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}

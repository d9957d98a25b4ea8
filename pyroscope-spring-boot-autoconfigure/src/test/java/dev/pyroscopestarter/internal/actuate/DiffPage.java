package dev.pyroscopestarter.internal.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a diff flame graph page as jfr-converter writes it: the frame names (its prefix-packed {@code cpool}) and,
 * for each frame drawn, the difference its script colours it by ({@code d=}: positive is drawn red, negative blue,
 * {@code U} yellow for a frame the baseline does not have).
 */
final class DiffPage {

	private static final Pattern CALL = Pattern.compile("^[fun]\\((\\d+)");

	private DiffPage() {
	}

	/** The differences of the frames whose name ends with {@code frame}; null stands for U. */
	static List<Long> differences(String html, String frame) {
		List<String> names = names(html);
		List<Long> found = new ArrayList<>();
		Long current = null;
		String script = html.substring(html.indexOf("unpack(cpool);"));
		for (String line : script.split("\n")) {
			if (line.startsWith("d=")) {
				current = "U".equals(line.substring(2)) ? null : Long.valueOf(line.substring(2));
				continue;
			}
			Matcher call = CALL.matcher(line);
			if (call.find() && names.get(Integer.parseInt(call.group(1)) >>> 3).endsWith(frame)) {
				found.add(current);
			}
		}
		return found;
	}

	private static List<String> names(String html) {
		int start = html.indexOf("const cpool = [");
		String block = html.substring(html.indexOf('\n', start) + 1, html.indexOf("];", start));
		List<String> names = new ArrayList<>();
		Map<String, String> unescape = new HashMap<>(Map.of("\\'", "'", "\\\\", "\\"));
		for (String line : block.split("\n")) {
			String packed = line.substring(1, line.lastIndexOf('\''));
			for (Map.Entry<String, String> escape : unescape.entrySet()) {
				packed = packed.replace(escape.getKey(), escape.getValue());
			}
			if (names.isEmpty()) {
				names.add(packed);
				continue;
			}
			String previous = names.get(names.size() - 1);
			names.add(previous.substring(0, packed.charAt(0) - 32) + packed.substring(1));
		}
		return names;
	}

}

package dev.pyroscopestarter.internal.agent;

import java.util.HashMap;
import java.util.Map;

import io.pyroscope.http.Format;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.javaagent.impl.PyroscopeExporter;
import io.pyroscope.labels.v2.Pyroscope;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The {@code name} an upload is stored under, written exactly as the agent's own exporter writes it: the application
 * name and its labels, with the agent's static labels and the runtime labels it adds.
 */
public final class IngestNames {

	private IngestNames() {
	}

	/**
	 * @param applicationName the application name
	 * @param labels the static labels
	 */
	public static String of(String applicationName, Map<String, String> labels) {
		Config config = new Config.Builder().setFormat(Format.JFR)
			.setApplicationName(applicationName)
			.setLabels(labels)
			.build();
		return config.timeseries.newBuilder()
			.addLabels(config.labels)
			.addLabels(Pyroscope.getStaticLabels())
			.addLabelsIfAbsent(runtimeLabels())
			.build()
			.toString();
	}

	/**
	 * How many label names every series of an upload stored under {@code ingestName} has before any dynamic label:
	 * the static labels of the name, those the server adds (a static {@code service_name} takes the place of the
	 * server's and moves the application name to {@code app_name}: one name either way), and {@code span_name},
	 * which the samples taken in a traced span add. Pyroscope refuses an upload any of whose series has more than
	 * {@link ServerLimits#MAX_LABEL_NAMES}.
	 */
	public static int fixedLabelNames(String ingestName) {
		int open = ingestName.indexOf('{');
		int names = 0;
		if (open >= 0) {
			// Values cannot hold ',', '{', '}' or '=': each '=' is one label.
			for (int i = open; i < ingestName.length(); i++) {
				if (ingestName.charAt(i) == '=') {
					names++;
				}
			}
		}
		return ServerLimits.SERVER_LABEL_NAMES + names + 1;
	}

	private static Map<String, String> runtimeLabels() {
		Map<String, String> labels = new HashMap<>();
		labels.put("otel.scope.name", "com.grafana.pyroscope/java");
		Package agentPackage = PyroscopeExporter.class.getPackage();
		putIfPresent(labels, "otel.scope.version", (agentPackage != null) ? agentPackage.getImplementationVersion() : null);
		putIfPresent(labels, "process.runtime.name", System.getProperty("java.runtime.name"));
		putIfPresent(labels, "process.runtime.version", System.getProperty("java.runtime.version"));
		return labels;
	}

	private static void putIfPresent(Map<String, String> labels, String name, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			labels.put(name, value);
		}
	}

}

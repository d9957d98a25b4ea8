package dev.pyroscopestarter.rideshare;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.pyroscopestarter.internal.tracing.ProfileUrlTemplate;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile URL the Compose demo sets (and README shows) opens Grafana's Explore on the provisioned Pyroscope
 * data source, with the span's id as span selector and the span's time range. No Docker engine runs the tests:
 * the link is checked as Grafana will read it.
 */
class ComposeProfileUrlTest {

	private static final Path DEMO = Path.of(System.getProperty("basedir", "."));

	@Test
	@SuppressWarnings("unchecked")
	void theSpanLinkSelectsTheSpanInGrafanasPyroscopeDataSource() throws IOException {
		Map<String, Object> compose = yaml(DEMO.resolve("docker-compose.yml"));
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		String template = null;
		for (String instance : List.of("us-east", "eu-north", "ap-south")) {
			Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get(instance))
				.get("environment");
			template = (String) environment.get("PYROSCOPE_TRACING_PROFILEURL");
			assertThat(template).as(instance).startsWith("http://localhost:3000/explore?");
		}
		assertThat(Files.readString(DEMO.resolve("../README.md"))).as("README shows the same link").contains(template);

		String url = new ProfileUrlTemplate(template, "rideshare", () -> "unused").expand("00f067aa0ba902b7",
				"4bf92f3577b34da6a3ce929d0e0e4736", 1_700_000_000_000L);
		Map<String, Object> pane = pane(url);
		Map<String, Object> query = ((List<Map<String, Object>>) pane.get("queries")).get(0);
		assertThat(query).containsEntry("queryType", "profile")
			.containsEntry("profileTypeId", "process_cpu:cpu:nanoseconds:cpu:nanoseconds")
			.containsEntry("labelSelector", "{service_name=\"rideshare\"}")
			.containsEntry("spanSelector", List.of("00f067aa0ba902b7"));
		assertThat(pane.get("range")).isEqualTo(Map.of("from", "1699999940000", "to", "1700003600000"));

		Map<String, Object> datasources = yaml(DEMO.resolve("compose/grafana/provisioning/datasources/datasources.yaml"));
		Map<String, Object> pyroscope = ((List<Map<String, Object>>) datasources.get("datasources")).stream()
			.filter((source) -> "grafana-pyroscope-datasource".equals(source.get("type")))
			.findFirst()
			.orElseThrow();
		assertThat(((Map<String, Object>) query.get("datasource"))).containsEntry("uid", pyroscope.get("uid"))
			.containsEntry("type", "grafana-pyroscope-datasource");
		assertThat(pane).containsEntry("datasource", pyroscope.get("uid"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void jaegersLinkOnTheAttributeOpensTheSameQuery() throws IOException {
		Map<String, Object> services = (Map<String, Object>) yaml(DEMO.resolve("docker-compose.yml")).get("services");
		String template = (String) ((Map<String, Object>) ((Map<String, Object>) services.get("us-east"))
			.get("environment")).get("PYROSCOPE_TRACING_PROFILEURL");
		Map<String, Object> fromAttribute = pane(
				new ProfileUrlTemplate(template, "rideshare", () -> "unused").expand("00f067aa0ba902b7",
						"4bf92f3577b34da6a3ce929d0e0e4736", 1_700_000_000_000L));

		// Jaeger shows attributes as text; its UI configuration makes the attribute a link, built from the span's
		// pyroscope.profile.id (Jaeger URL-encodes what it substitutes, so the URL attribute cannot be used whole).
		Map<String, Object> ui = JsonParserFactory.getJsonParser()
			.parseMap(Files.readString(DEMO.resolve("compose/jaeger/ui-config.json")));
		Map<String, Object> pattern = ((List<Map<String, Object>>) ui.get("linkPatterns")).get(0);
		assertThat(pattern).containsEntry("type", "tags").containsEntry("key", "pyroscope.profile.url");
		Map<String, Object> fromJaeger = pane(((String) pattern.get("url")).replace("#{pyroscope.profile.id}",
				"00f067aa0ba902b7"));
		assertThat(fromJaeger.get("queries")).isEqualTo(fromAttribute.get("queries"));
		assertThat(fromJaeger.get("datasource")).isEqualTo(fromAttribute.get("datasource"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> pane(String url) {
		String panes = URI.create(url).getRawQuery().replaceFirst("^.*panes=", "");
		return (Map<String, Object>) JsonParserFactory.getJsonParser()
			.parseMap(URLDecoder.decode(panes, StandardCharsets.UTF_8))
			.values()
			.iterator()
			.next();
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

}

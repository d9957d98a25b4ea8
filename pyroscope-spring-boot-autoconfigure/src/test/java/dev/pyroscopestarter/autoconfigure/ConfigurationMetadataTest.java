package dev.pyroscopestarter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata that {@code spring-boot-configuration-processor} generates, held against README's configuration
 * reference: the same {@code pyroscope.*} properties on both sides, the same defaults, a description for each, and a
 * hint for each enum with all of its values.
 */
class ConfigurationMetadataTest {

	private static final Pattern PROPERTY = Pattern.compile("`(pyroscope\\.[a-z0-9.-]+?)(\\.\\*)?`");

	// A sibling in the same cell: "/ `.password`" or ", `.port` (`3128`)", with its default in parentheses.
	private static final Pattern SHORTHAND = Pattern.compile("[,/] `\\.([a-z0-9-]+)`(?: \\(`([^`]*)`\\))?");

	private static Map<String, JsonNode> metadata;

	private static Map<String, String> readme;

	@BeforeAll
	static void read() throws IOException {
		metadata = metadataProperties();
		readme = readmeProperties(Files.readString(Path.of("..", "README.md")));
	}

	@Test
	void everyPropertyInReadmeIsInTheMetadata() {
		assertThat(metadata.keySet()).containsAll(readme.keySet());
	}

	@Test
	void everyPropertyInTheMetadataIsInReadme() {
		assertThat(readme.keySet()).containsAll(metadata.keySet());
	}

	@Test
	void readmeStatesTheDefaultsOfTheMetadata() {
		Map<String, String> expected = new TreeMap<>();
		Map<String, String> stated = new TreeMap<>();
		metadata.forEach((name, property) -> {
			if (property.has("defaultValue") && readme.containsKey(name)) {
				expected.put(name, property.get("defaultValue").asString());
				stated.put(name, readme.get(name).replace("-", "_"));
			}
		});
		assertThat(expected).hasSizeGreaterThan(25);
		expected.replaceAll((name, value) -> value.replace("-", "_"));
		assertThat(stated).isEqualTo(expected);
	}

	@Test
	void everyPropertyHasADescription() {
		assertThat(metadata).allSatisfy((name, property) -> assertThat(property.path("description").asString())
			.as(name)
			.isNotBlank());
	}

	@Test
	void everyEnumPropertyHasAHintWithAllItsValues() throws Exception {
		Map<String, List<String>> hints = new LinkedHashMap<>();
		for (JsonNode hint : metadataDocument().path("hints")) {
			List<String> values = new ArrayList<>();
			hint.path("values").forEach((value) -> {
				assertThat(value.path("description").asString()).as(hint.path("name").asString()).isNotBlank();
				values.add(value.path("value").asString());
			});
			hints.put(hint.path("name").asString(), values);
		}
		int enums = 0;
		for (Map.Entry<String, JsonNode> entry : metadata.entrySet()) {
			Class<?> type = typeOf(entry.getValue());
			if (type != null && type.isEnum()) {
				enums++;
				List<String> constants = Arrays.stream(type.getEnumConstants())
					.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
					.toList();
				assertThat(hints.get(entry.getKey())).as(entry.getKey()).containsExactlyInAnyOrderElementsOf(constants);
			}
		}
		assertThat(enums).isEqualTo(2);
	}

	private static Class<?> typeOf(JsonNode property) {
		try {
			return Class.forName(property.path("type").asString());
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	private static Map<String, JsonNode> metadataProperties() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		for (JsonNode property : metadataDocument().path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith("pyroscope.")) {
				properties.put(name, property);
			}
		}
		return properties;
	}

	private static JsonNode metadataDocument() throws IOException {
		try (InputStream in = ConfigurationMetadataTest.class.getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
	}

	// The rows of the configuration reference's tables: `pyroscope.a.b` / `.c` | default | description.
	private static Map<String, String> readmeProperties(String readme) {
		int start = readme.indexOf("\n## Configuration reference");
		int end = readme.indexOf("\n## ", start + 1);
		assertThat(start).as("README's configuration reference").isPositive();
		Map<String, String> properties = new TreeMap<>();
		for (String line : readme.substring(start, end).split("\n")) {
			if (!line.startsWith("| `pyroscope.")) {
				continue;
			}
			String[] cells = line.split("\\|");
			Matcher name = PROPERTY.matcher(cells[1]);
			assertThat(name.find()).as(line).isTrue();
			String[] defaults = cells[2].replace("`", "").split("/");
			properties.put(name.group(1), defaults[0].trim());
			Matcher more = SHORTHAND.matcher(cells[1]);
			for (int i = 1; more.find(); i++) {
				String sibling = name.group(1).substring(0, name.group(1).lastIndexOf('.') + 1) + more.group(1);
				String inline = more.group(2);
				properties.put(sibling, (inline != null) ? inline : (i < defaults.length) ? defaults[i].trim() : "");
			}
		}
		return properties;
	}

}

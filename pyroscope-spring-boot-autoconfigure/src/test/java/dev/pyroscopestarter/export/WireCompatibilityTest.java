package dev.pyroscopestarter.export;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.Snapshots;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Logger;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.javaagent.impl.DefaultLogger;
import io.pyroscope.javaagent.impl.PyroscopeExporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends the same profile through the agent's own exporter and through ours, and compares what the server
 * receives: path, query, headers that matter, and the multipart parts with their names, file names, content
 * types and decompressed contents.
 */
class WireCompatibilityTest {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@BeforeEach
	void acceptEverything() {
		server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
	}

	static List<Arguments> configurations() {
		return List.of(
				Arguments.of("bearer token, path prefix, labels", (UnaryOperator<Config.Builder>) (b) -> b
					.setServerAddress(server.baseUrl() + "/pyroscope/")
					.setAuthToken("glc_token")
					.setLabels(Map.of("region", "eu-north", "env", "prod")), true),
				Arguments.of("basic auth, tenant, extra headers", (UnaryOperator<Config.Builder>) (b) -> b
					.setServerAddress(server.baseUrl())
					.setBasicAuthUser("123456")
					.setBasicAuthPassword("secret")
					.setAuthToken("ignored-when-basic-auth")
					.setTenantID("tenant-a")
					.setHTTPHeaders(new LinkedHashMap<>(Map.of("X-Custom", "yes"))), true),
				Arguments.of("credentials in the address, no dynamic labels", (UnaryOperator<Config.Builder>) (b) -> b
					.setServerAddress(server.baseUrl().replace("://", "://user:pass@"))
					.setProfilingInterval(Duration.ofMillis(5)), false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("configurations")
	void sameRequestAsTheAgentsExporter(String description, UnaryOperator<Config.Builder> customizer,
			boolean dynamicLabels) {
		Config config = customizer.apply(new Config.Builder().setApplicationName("rideshare")).build();
		Snapshot snapshot = dynamicLabels ? Snapshots.withLabels(1) : Snapshots.withoutLabels(1);

		new PyroscopeExporter(config, new DefaultLogger(Logger.Level.ERROR, System.err)).export(snapshot);
		IngestExporter ours = new IngestExporter(config, Duration.ofMillis(10), Duration.ofMillis(10));
		try {
			ours.export(snapshot);
			assertThat(ours.flush(Duration.ofSeconds(10)).uploaded()).isEqualTo(1);
		}
		finally {
			ours.close();
		}

		List<LoggedRequest> requests = server.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(2);
		LoggedRequest agent = requests.get(0);
		LoggedRequest starter = requests.get(1);

		assertThat(starter.getMethod()).isEqualTo(agent.getMethod());
		assertThat(pathOf(starter)).isEqualTo(pathOf(agent)).endsWith("/ingest");
		assertThat(query(starter)).isEqualTo(query(agent)).containsKeys("name", "units", "aggregationType", "from",
				"until", "spyName", "format");
		for (String header : List.of("Authorization", "X-Scope-OrgID", "X-Custom")) {
			assertThat(headerOrNull(starter, header)).as(header).isEqualTo(headerOrNull(agent, header));
		}
		assertThat(starter.getHeader("Content-Type")).startsWith("multipart/form-data");
		assertThat(agent.getHeader("Content-Type")).startsWith("multipart/form-data");
		assertThat(parts(starter)).isEqualTo(parts(agent));
		assertThat(parts(starter)).containsKey("jfr");
		assertThat(parts(starter).containsKey("labels")).isEqualTo(dynamicLabels);
	}

	private static String pathOf(LoggedRequest request) {
		String url = request.getUrl();
		return url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
	}

	private static Map<String, List<String>> query(LoggedRequest request) {
		Map<String, List<String>> query = new TreeMap<>();
		request.getQueryParams().forEach((name, values) -> query.put(name, values.values()));
		return query;
	}

	private static String headerOrNull(LoggedRequest request, String name) {
		return request.containsHeader(name) ? request.getHeader(name) : null;
	}

	/** Each part by name: its file name, content type and decompressed content. */
	private static Map<String, String> parts(LoggedRequest request) {
		return request.getParts().stream().collect(Collectors.toMap(Request.Part::getName, (part) -> {
			String disposition = part.getHeader("Content-Disposition").firstValue();
			String type = part.getHeader("Content-Type").isPresent() ? part.getHeader("Content-Type").firstValue() : "-";
			byte[] content = IngestedProfile.gunzip(part.getBody().asBytes());
			return disposition + " | " + type + " | " + java.util.Arrays.hashCode(content) + "/" + content.length;
		}));
	}

}

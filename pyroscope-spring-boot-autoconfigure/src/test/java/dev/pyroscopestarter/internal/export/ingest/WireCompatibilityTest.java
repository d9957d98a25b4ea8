package dev.pyroscopestarter.internal.export.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration;
import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.ProfilingAgent;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.TestProfilers;
import dev.pyroscopestarter.testsupport.WallClockRecordings;
import dev.pyroscopestarter.testsupport.Windows;
import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.ProfilerDelegate;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.api.Logger;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.javaagent.impl.DefaultLogger;
import io.pyroscope.javaagent.impl.PyroscopeExporter;
import io.pyroscope.labels.pb.JfrLabels;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends the same profile through the agent's own exporter and through ours, and compares what the server
 * receives: path, query, headers that matter, and the multipart parts with their names, file names, content
 * types and decompressed contents. The recording differs on purpose: see the last test.
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
					.setLabels(Map.of("region", "eu-north", "env", "prod")),
						List.of("pyroscope.server-address=" + server.baseUrl() + "/pyroscope/",
								"pyroscope.auth-token=glc_token", "pyroscope.labels.region=eu-north",
								"pyroscope.labels.env=prod"),
						true),
				Arguments.of("basic auth, tenant, extra headers", (UnaryOperator<Config.Builder>) (b) -> b
					.setServerAddress(server.baseUrl())
					.setBasicAuthUser("123456")
					.setBasicAuthPassword("secret")
					.setAuthToken("ignored-when-basic-auth")
					.setTenantID("tenant-a")
					.setHTTPHeaders(new LinkedHashMap<>(Map.of("X-Custom", "yes"))),
						List.of("pyroscope.server-address=" + server.baseUrl(), "pyroscope.basic-auth.username=123456",
								"pyroscope.basic-auth.password=secret", "pyroscope.auth-token=ignored-when-basic-auth",
								"pyroscope.tenant-id=tenant-a", "pyroscope.headers.X-Custom=yes"),
						true),
				Arguments.of("credentials in the address, no dynamic labels", (UnaryOperator<Config.Builder>) (b) -> b
					.setServerAddress(server.baseUrl().replace("://", "://user:pass@"))
					.setProfilingInterval(Duration.ofMillis(5)),
						List.of("pyroscope.server-address=" + server.baseUrl().replace("://", "://user:pass@"),
								"pyroscope.profiler.interval=5ms"),
						false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("configurations")
	void sameRequestAsTheAgentsExporter(String description, UnaryOperator<Config.Builder> agentConfig,
			List<String> properties, boolean dynamicLabels) {
		Config config = agentConfig.apply(new Config.Builder().setApplicationName("rideshare")).build();
		Snapshot snapshot = new Snapshot(Format.JFR, EventType.ITIMER, Windows.RECENT,
				Windows.RECENT.plusSeconds(10), "profile #1 ".repeat(200).getBytes(StandardCharsets.UTF_8),
				dynamicLabels ? Windows.labels() : JfrLabels.LabelsSnapshot.getDefaultInstance());
		new PyroscopeExporter(config, new DefaultLogger(Logger.Level.ERROR, System.err)).export(snapshot);

		// Ours, as the starter wires it from the same settings given as properties.
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class))
			.withPropertyValues("pyroscope.application-name=rideshare", "pyroscope.export.initial-backoff=10ms",
					"pyroscope.export.max-backoff=10ms")
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> {
				IngestExporter ours = context.getBean(IngestExporter.class);
				ours.export(Windows.of(snapshot, config.profilingIntervalInHertz()));
				assertThat(ours.flush(Duration.ofSeconds(10)).uploaded()).isEqualTo(1);
			});

		// The profiler of that context uploads its own last window when it closes: only this test's profile counts.
		List<LoggedRequest> requests = server.findAll(anyRequestedFor(anyUrl()))
			.stream()
			.filter((request) -> query(request).get("from").equals(List.of(Long.toString(Windows.RECENT.getEpochSecond()))))
			.toList();
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

	/**
	 * The one difference: a window whose recording holds wall-clock samples beside CPU samples. The agent sends it
	 * as one request at the CPU rate, which the server misreads (wall-clock samples weighed with the CPU rate, and
	 * a wall-clock sample's weight carried into the CPU samples after it); the starter sends two requests, the
	 * recording without its wall-clock samples at the CPU rate, and the recording with no other samples at the
	 * wall-clock rate. Everything else in both is the agent's request.
	 */
	@Test
	void aRecordingWithWallClockSamplesBesideCpuGoesAsTwoRequestsWhereTheAgentSendsOne() {
		ProfileWindow recorded = WallClockRecordings.recordUntil((window) -> {
			IngestedProfile whole = IngestedProfile.unsplit(window);
			return !whole.executionSamples().isEmpty() && !whole.wallClockSamples().isEmpty();
		});
		Config config = new Config.Builder().setApplicationName("rideshare").setServerAddress(server.baseUrl()).build();
		Snapshot snapshot = new Snapshot(Format.JFR, EventType.ITIMER, Windows.RECENT,
				Windows.RECENT.plusSeconds(10), recorded.jfr(), Windows.labels());
		new PyroscopeExporter(config, new DefaultLogger(Logger.Level.ERROR, System.err)).export(snapshot);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class))
			.withPropertyValues("pyroscope.application-name=rideshare", "pyroscope.server-address=" + server.baseUrl(),
					"pyroscope.profiler.wall-clock.enabled=true")
			.run((context) -> {
				IngestExporter ours = context.getBean(IngestExporter.class);
				ours.export(Windows.of(snapshot, config.profilingIntervalInHertz()));
				assertThat(ours.flush(Duration.ofSeconds(10)).uploaded()).isEqualTo(2);
			});
		List<LoggedRequest> requests = server.findAll(anyRequestedFor(anyUrl()))
			.stream()
			.filter((request) -> query(request).get("from").equals(List.of(Long.toString(Windows.RECENT.getEpochSecond()))))
			.toList();
		assertThat(requests).hasSize(3);
		LoggedRequest agent = requests.get(0);
		IngestedProfile agentUpload = IngestedProfile.of(List.of(agent)).get(0);
		assertThat(agentUpload.executionSamples()).isNotEmpty();
		assertThat(agentUpload.wallClockSamples()).isNotEmpty();
		assertThat(query(agent).get("sampleRate")).containsExactly("100");
		for (LoggedRequest starter : requests.subList(1, 3)) {
			assertThat(pathOf(starter)).isEqualTo(pathOf(agent));
			Map<String, List<String>> expected = new TreeMap<>(query(agent));
			IngestedProfile upload = IngestedProfile.of(List.of(starter)).get(0);
			if (upload.wallClockSamples().isEmpty()) {
				assertThat(upload.executionSamples()).hasSameSizeAs(agentUpload.executionSamples());
			}
			else {
				assertThat(upload.executionSamples()).isEmpty();
				assertThat(upload.wallClockSamples()).hasSameSizeAs(agentUpload.wallClockSamples());
				expected.put("sampleRate", List.of("50"));
			}
			assertThat(query(starter)).isEqualTo(expected);
			assertThat(parts(starter).get("labels")).isEqualTo(parts(agent).get("labels"));
			assertThat(parts(starter).keySet()).isEqualTo(parts(agent).keySet());
		}
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

	/**
	 * The one deliberate difference from the agent by hand is in the recording itself: the agent's start command
	 * records the JVM's arguments ({@code jdk.JVMInformation}, a {@code -Dpassword=...} included), every system
	 * property ({@code jdk.InitialSystemProperty}) and the OS and CPU descriptions into every upload; the server reads
	 * none of them (its parser maps only sample, allocation and lock events), and a third party such as Grafana Cloud
	 * should not get them. The starter's recording leaves out exactly those four event types ({@code jfropts=3}).
	 */
	@Test
	void theRecordingLeavesOutTheJvmsArgumentsSystemPropertiesAndSystemDescriptionOnly() throws Exception {
		Config agentConfig = new Config.Builder().setApplicationName("rideshare").setFormat(Format.JFR).build();
		ProfilerDelegate byHand = ProfilerDelegate.create(agentConfig);
		Instant start = Instant.now();
		byHand.start();
		CpuBurner.burnCpuInHotMethod(300);
		// As the agent's scheduler does: stop, then read the recording.
		byHand.stop();
		Set<String> agents = eventTypes(byHand.dumpProfile(start, Instant.now()).data);

		ProfilingAgent starter = new ProfilingAgent(TestProfilers.agentSettings("rideshare"));
		Instant started = Instant.now();
		starter.start((window) -> {
		});
		CpuBurner.burnCpuInHotMethod(300);
		starter.stop();
		Set<String> starters = eventTypes(starter.dumpLastWindow(started).jfr());

		assertThat(agents).contains("jdk.ExecutionSample", "jdk.JVMInformation", "jdk.InitialSystemProperty");
		Set<String> onlyTheAgents = new TreeSet<>(agents);
		onlyTheAgents.removeAll(starters);
		assertThat(onlyTheAgents).containsExactly("jdk.CPUInformation", "jdk.InitialSystemProperty",
				"jdk.JVMInformation", "jdk.OSInformation");
		assertThat(agents).containsAll(starters);
	}

	private static Set<String> eventTypes(byte[] jfr) throws IOException {
		Path file = Files.createTempFile("recording", ".jfr");
		try {
			Files.write(file, jfr);
			return RecordingFile.readAllEvents(file).stream()
				.map((event) -> event.getEventType().getName())
				.collect(Collectors.toCollection(TreeSet::new));
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

}

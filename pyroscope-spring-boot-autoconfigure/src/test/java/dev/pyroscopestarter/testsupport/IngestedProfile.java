package dev.pyroscopestarter.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyroscopestarter.export.ProfileWindow;
import io.pyroscope.labels.pb.JfrLabels;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * One {@code /ingest} request as Pyroscope would read it: query parameters, headers, and the decompressed JFR
 * and labels parts, decoded with the JDK's own JFR reader.
 */
public final class IngestedProfile {

	private final @Nullable LoggedRequest request;

	private final Map<String, String> query;

	private final byte[] jfr;

	private final JfrLabels.LabelsSnapshot labels;

	private List<RecordedEvent> events;

	private Map<Long, Map<String, String>> contexts;

	private IngestedProfile(LoggedRequest request) {
		this.request = request;
		this.query = Map.of();
		this.jfr = gunzip(partBody(request, "jfr"));
		byte[] labelBytes = request.getParts().stream().anyMatch((p) -> "labels".equals(p.getName()))
				? gunzip(partBody(request, "labels")) : null;
		try {
			this.labels = (labelBytes != null) ? JfrLabels.LabelsSnapshot.parseFrom(labelBytes) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private IngestedProfile(byte[] jfr, JfrLabels.@Nullable LabelsSnapshot labels, Map<String, String> query) {
		this.request = null;
		this.query = Map.copyOf(query);
		this.jfr = jfr;
		this.labels = labels;
	}

	/**
	 * A window as it would be uploaded whole, with {@code query} as its query parameters (the agent's form: one
	 * upload, at the window's sample rate).
	 */
	public static IngestedProfile unsplit(ProfileWindow window) {
		try {
			byte[] labels = window.labels();
			return new IngestedProfile(window.jfr(),
					(labels.length > 0) ? JfrLabels.LabelsSnapshot.parseFrom(labels) : null,
					Map.of("sampleRate", Long.toString(window.sampleRate())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static List<IngestedProfile> of(List<LoggedRequest> requests) {
		return requests.stream().map(IngestedProfile::new).collect(Collectors.toList());
	}

	public LoggedRequest request() {
		if (this.request == null) {
			throw new IllegalStateException("not a request");
		}
		return this.request;
	}

	public String query(String name) {
		if (this.request == null) {
			return this.query.get(name);
		}
		return this.request.queryParameter(name).isPresent() ? this.request.queryParameter(name).firstValue() : null;
	}

	public String header(String name) {
		HttpHeader header = request().header(name);
		return header.isPresent() ? header.firstValue() : null;
	}

	public byte[] jfr() {
		return this.jfr;
	}

	public JfrLabels.LabelsSnapshot labels() {
		return this.labels;
	}

	/** Every event of the recording, parsed by {@code jdk.jfr.consumer}. */
	public synchronized List<RecordedEvent> events() {
		if (this.events == null) {
			try {
				Path file = Files.createTempFile("ingested", ".jfr");
				try {
					Files.write(file, this.jfr);
					this.events = RecordingFile.readAllEvents(file);
				}
				finally {
					Files.deleteIfExists(file);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return this.events;
	}

	public List<RecordedEvent> executionSamples() {
		return events().stream().filter((e) -> e.getEventType().getName().equals("jdk.ExecutionSample")).toList();
	}

	/** Wall-clock samples (the profiler's own event type), running and waiting threads alike. */
	public List<RecordedEvent> wallClockSamples() {
		return events().stream().filter((e) -> e.getEventType().getName().equals("profiler.WallClockSample")).toList();
	}

	/** CPU samples with a frame of the given method anywhere on their stack. */
	public long samplesIn(String className, String methodName) {
		return executionSamples().stream().filter(hasFrame(className, methodName)).count();
	}

	public static Predicate<RecordedEvent> hasFrame(String className, String methodName) {
		return (event) -> event.getStackTrace() != null && event.getStackTrace().getFrames().stream().anyMatch(
				(RecordedFrame frame) -> frame.getMethod().getName().equals(methodName)
						&& frame.getMethod().getType().getName().equals(className));
	}

	/** CPU samples by the value of one dynamic label, read through each sample's label context id. */
	public Map<String, Long> samplesByLabel(String labelName) {
		Map<Long, Map<String, String>> contexts = labelContexts();
		Map<String, Long> counts = new java.util.TreeMap<>();
		for (RecordedEvent sample : executionSamples()) {
			Map<String, String> labels = contexts.get(sample.getLong("contextId"));
			String value = (labels != null) ? labels.get(labelName) : null;
			if (value != null) {
				counts.merge(value, 1L, Long::sum);
			}
		}
		return counts;
	}

	/** The label context id a sample was taken under (0: none), as the profiler recorded it. */
	public static long contextId(RecordedEvent sample) {
		return sample.hasField("contextId") ? sample.getLong("contextId") : 0L;
	}

	/** The labels a sample carries, as the server would attribute them: empty when it has no known context. */
	public Map<String, String> labelsOf(RecordedEvent sample) {
		long id = contextId(sample);
		return (id != 0) ? labelContexts().getOrDefault(id, Map.of()) : Map.of();
	}

	/** The labels part as a map from context id to its labels. */
	public synchronized Map<Long, Map<String, String>> labelContexts() {
		if (this.labels == null) {
			return Map.of();
		}
		if (this.contexts != null) {
			return this.contexts;
		}
		Map<Long, String> strings = this.labels.getStringsMap();
		this.contexts = this.labels.getContextsMap().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
				(e) -> e.getValue().getLabelsMap().entrySet().stream()
					.collect(Collectors.toMap((l) -> strings.get(l.getKey()), (l) -> strings.get(l.getValue())))));
		return this.contexts;
	}

	private static byte[] partBody(LoggedRequest request, String name) {
		return request.getParts().stream().filter((p) -> name.equals(p.getName())).findFirst()
			.orElseThrow(() -> new AssertionError("no part '" + name + "' in " + request.getUrl()))
			.getBody()
			.asBytes();
	}

	public static byte[] gunzip(byte[] data) {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<String> names(List<IngestedProfile> profiles) {
		List<String> names = new ArrayList<>();
		profiles.forEach((p) -> names.add(p.query("name")));
		return names;
	}

}

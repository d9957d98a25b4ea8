package dev.pyroscopestarter.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.Snapshot;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.javaagent.impl.PyroscopeExporter;
import io.pyroscope.labels.v2.Pyroscope;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds {@code POST /ingest} requests exactly as the agent's own exporter does: the same path (keeping a path
 * prefix of the server address), query parameters, multipart parts with their file names, gzip and headers.
 * Bodies are compressed once per profile, not once per attempt.
 */
final class IngestRequestFactory {

	private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");

	private static final String SPY_NAME = "javaspy";

	private final Config config;

	private final HttpUrl baseUrl;

	private final String name;

	IngestRequestFactory(Config config) {
		this.config = config;
		this.baseUrl = HttpUrl.get(config.serverAddress);
		this.name = config.timeseries.newBuilder()
			.addLabels(config.labels)
			.addLabels(Pyroscope.getStaticLabels())
			.addLabelsIfAbsent(runtimeLabels())
			.build()
			.toString();
	}

	/** The credentials requests are built with. */
	IngestCredentials credentials() {
		return new IngestCredentials(this.config.authToken, this.config.basicAuthUser, this.config.basicAuthPassword);
	}

	/** A profile's request body, compressed once and sent as many times as needed. */
	PreparedBody prepare(Snapshot snapshot) {
		byte[] jfr = gzip(snapshot.data);
		byte[] labels = snapshot.labels.toByteArray();
		byte[] compressedLabels = (labels.length > 0) ? gzip(labels) : null;
		return new PreparedBody(jfr, compressedLabels);
	}

	Request create(Snapshot snapshot, PreparedBody body) {
		MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM)
			.addFormDataPart("jfr", "jfr", RequestBody.create(body.jfr()));
		if (body.labels() != null) {
			multipart.addFormDataPart("labels", "labels", RequestBody.create(body.labels(), PROTOBUF));
		}
		Request.Builder request = new Request.Builder().url(url(snapshot)).post(multipart.build());
		this.config.httpHeaders.forEach(request::header);
		addAuthentication(request);
		return request.build();
	}

	private HttpUrl url(Snapshot snapshot) {
		HttpUrl.Builder url = this.baseUrl.newBuilder()
			.addPathSegment("ingest")
			.addQueryParameter("name", this.name)
			.addQueryParameter("units", snapshot.eventType.units.id)
			.addQueryParameter("aggregationType", snapshot.eventType.aggregationType.id)
			.addQueryParameter("from", Long.toString(snapshot.started.getEpochSecond()))
			.addQueryParameter("until", Long.toString(snapshot.ended.getEpochSecond()))
			.addQueryParameter("spyName", SPY_NAME);
		if (snapshot.eventType == EventType.CPU || snapshot.eventType == EventType.ITIMER
				|| snapshot.eventType == EventType.WALL) {
			url.addQueryParameter("sampleRate", Long.toString(this.config.profilingIntervalInHertz()));
		}
		return url.addQueryParameter("format", "jfr").build();
	}

	// Same precedence as the agent: basic auth settings, then user info in the address, then the bearer token.
	private void addAuthentication(Request.Builder request) {
		if (hasText(this.config.tenantID)) {
			request.header("X-Scope-OrgID", this.config.tenantID);
		}
		if (hasText(this.config.basicAuthUser) && hasText(this.config.basicAuthPassword)) {
			request.header("Authorization", Credentials.basic(this.config.basicAuthUser, this.config.basicAuthPassword));
		}
		else if (!this.baseUrl.username().isEmpty() && !this.baseUrl.password().isEmpty()) {
			request.header("Authorization", Credentials.basic(this.baseUrl.username(), this.baseUrl.password()));
		}
		else if (hasText(this.config.authToken)) {
			request.header("Authorization", "Bearer " + this.config.authToken);
		}
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

	private static void putIfPresent(Map<String, String> labels, String name, String value) {
		if (hasText(value)) {
			labels.put(name, value);
		}
	}

	private byte[] gzip(byte[] data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
		try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		}) {
			gzip.write(data);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

	/** Compressed parts of one profile. {@code labels} is null when the window has no dynamic labels. */
	record PreparedBody(byte[] jfr, byte[] labels) {

		long size() {
			return this.jfr.length + ((this.labels != null) ? this.labels.length : 0);
		}

	}

}

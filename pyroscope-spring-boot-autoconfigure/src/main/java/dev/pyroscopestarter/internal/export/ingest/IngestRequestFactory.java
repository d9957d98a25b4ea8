package dev.pyroscopestarter.internal.export.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.export.ingest.IngestCredentials;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@code POST /ingest} requests exactly as the agent's own exporter does: the same path (keeping a path
 * prefix of the server address), query parameters, multipart parts with their file names, gzip and headers.
 * Bodies are compressed once per profile, not once per attempt.
 */
final class IngestRequestFactory {

	private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");

	private static final String SPY_NAME = "javaspy";

	private final IngestSettings settings;

	private final HttpUrl baseUrl;

	IngestRequestFactory(IngestSettings settings) {
		this.settings = settings;
		this.baseUrl = HttpUrl.get(settings.serverAddress());
	}

	/** The settings requests are built with. */
	IngestSettings settings() {
		return this.settings;
	}

	/**
	 * A profile's request body, compressed once and sent as many times as needed.
	 * @param labels the window's labels as they are to be sent
	 */
	PreparedBody prepare(ProfileWindow window, byte[] labels) {
		byte[] jfr = gzip(window.jfrSize(), window::writeJfrTo);
		byte[] compressedLabels = (labels.length > 0) ? gzip(labels.length, (out) -> out.write(labels)) : null;
		return new PreparedBody(jfr, compressedLabels);
	}

	Request create(ProfileWindow window, PreparedBody body) {
		MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM)
			.addFormDataPart("jfr", "jfr", RequestBody.create(body.jfr()));
		if (body.labels() != null) {
			multipart.addFormDataPart("labels", "labels", RequestBody.create(body.labels(), PROTOBUF));
		}
		Request.Builder request = new Request.Builder().url(url(window)).post(multipart.build());
		this.settings.headers().forEach(request::header);
		addAuthentication(request);
		return request.build();
	}

	private HttpUrl url(ProfileWindow window) {
		HttpUrl.Builder url = this.baseUrl.newBuilder()
			.addPathSegment("ingest")
			.addQueryParameter("name", this.settings.ingestName())
			.addQueryParameter("units", window.units())
			.addQueryParameter("aggregationType", window.aggregationType())
			.addQueryParameter("from", Long.toString(window.started().getEpochSecond()))
			.addQueryParameter("until", Long.toString(window.ended().getEpochSecond()))
			.addQueryParameter("spyName", SPY_NAME);
		if (window.sampleRate() > 0) {
			url.addQueryParameter("sampleRate", Long.toString(window.sampleRate()));
		}
		return url.addQueryParameter("format", "jfr").build();
	}

	private void addAuthentication(Request.Builder request) {
		if (this.settings.tenantId() != null) {
			request.header("X-Scope-OrgID", this.settings.tenantId());
		}
		IngestCredentials credentials = this.settings.credentials();
		switch (this.settings.authentication()) {
			// BASIC: IngestSettings.authentication() found both the user and the password.
			case BASIC -> request.header("Authorization",
					Credentials.basic(Objects.requireNonNull(credentials.basicAuthUser()),
							Objects.requireNonNull(credentials.basicAuthPassword())));
			case BASIC_IN_ADDRESS -> request.header("Authorization",
					Credentials.basic(this.baseUrl.username(), this.baseUrl.password()));
			case BEARER_TOKEN -> request.header("Authorization", "Bearer " + credentials.authToken());
			case NONE -> {
			}
		}
	}

	private byte[] gzip(int size, Content content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, size / 4));
		try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		}) {
			content.writeTo(gzip);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** Compressed parts of one profile. {@code labels} is null when the window has no dynamic labels. */
	record PreparedBody(byte[] jfr, byte @Nullable [] labels) {

		long size() {
			return this.jfr.length + ((this.labels != null) ? this.labels.length : 0);
		}

	}

	/** Bytes written to a stream, read from a window without copying them first. */
	@FunctionalInterface
	private interface Content {

		void writeTo(OutputStream out) throws IOException;

	}

}

package dev.pyroscopestarter.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stub's reading of an upload: the gunzipped {@code jfr} part of a multipart body. */
class BenchmarkStubTest {

	private static final String BOUNDARY = "8f3c-boundary";

	@Test
	void theJfrPartIsFoundAndGunzippedWhateverItsBytes() throws IOException {
		byte[] jfr = new byte[1024];
		for (int i = 0; i < jfr.length; i++) {
			jfr[i] = (byte) i;
		}
		byte[] body = multipart(part("labels", gzip("labels".getBytes(StandardCharsets.UTF_8))), part("jfr", gzip(jfr)));
		assertThat(BenchmarkStub.jfrPart(body, "multipart/form-data; boundary=\"" + BOUNDARY + "\"")).isEqualTo(jfr);
		assertThat(BenchmarkStub.jfrPart(body, "multipart/form-data; boundary=" + BOUNDARY)).isEqualTo(jfr);
	}

	@Test
	void anUploadWithoutAJfrPartOrBoundaryGivesNothing() throws IOException {
		byte[] body = multipart(part("labels", gzip(new byte[] { 1, 2, 3 })));
		assertThat(BenchmarkStub.jfrPart(body, "multipart/form-data; boundary=" + BOUNDARY)).isNull();
		assertThat(BenchmarkStub.jfrPart(body, "application/octet-stream")).isNull();
		assertThat(BenchmarkStub.jfrPart(body, null)).isNull();
	}

	private static byte[] part(String name, byte[] content) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.write(content);
		out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		return out.toByteArray();
	}

	private static byte[] multipart(byte[]... parts) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.write(part);
		}
		out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
		return out.toByteArray();
	}

	private static byte[] gzip(byte[] data) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(data);
		}
		return out.toByteArray();
	}

}

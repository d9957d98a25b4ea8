package dev.pyroscopestarter.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * The servers a demo run of {@link OverheadBenchmark} talks to, on one loopback HTTP server: Pyroscope's ingest
 * endpoint (counting the bytes uploaded, keeping the profiles when asked) and the pricing service the rides call
 * (answering after a delay).
 */
final class BenchmarkStub {

	private final int callDelayMillis;

	private final AtomicLong ingestedBytes = new AtomicLong();

	/** Uploads kept while a starter mode's window is measured, when profiles are saved. */
	private final AtomicReference<@Nullable List<byte[]>> keptUploads = new AtomicReference<>();

	private @Nullable HttpServer stub;

	/** @param callDelayMillis how long the pricing service takes to answer */
	BenchmarkStub(int callDelayMillis) {
		this.callDelayMillis = callDelayMillis;
	}

	/** Pyroscope's ingest endpoint (counting bytes) and the pricing service the rides call (after a delay). */
	void start() throws IOException {
		this.stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		ExecutorService executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "stub");
			thread.setDaemon(true);
			return thread;
		});
		this.stub.setExecutor(executor);
		this.stub.createContext("/ingest", (exchange) -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			this.ingestedBytes.addAndGet(body.length);
			List<byte[]> kept = this.keptUploads.get();
			if (kept != null) {
				String type = exchange.getRequestHeaders().getFirst("Content-Type");
				byte[] jfr = jfrPart(body, type);
				if (jfr != null) {
					kept.add(jfr);
				}
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		byte[] price = "975".getBytes(StandardCharsets.US_ASCII);
		this.stub.createContext("/internal/pricing/", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				in.transferTo(OutputStream.nullOutputStream());
			}
			try {
				Thread.sleep(this.callDelayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, price.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(price);
			}
		});
		this.stub.start();
	}

	int port() {
		return this.stub.getAddress().getPort();
	}

	void stop() {
		this.stub.stop(0);
	}

	/** A measured window opens: bytes ingested count from zero, and the uploads are kept if asked. */
	void openWindow(boolean keepUploads) {
		this.ingestedBytes.set(0);
		if (keepUploads) {
			this.keptUploads.set(new ArrayList<>());
		}
	}

	/** The uploads kept since the window opened, or null when they were not kept; keeping stops. */
	@Nullable List<byte[]> takeKeptUploads() {
		return this.keptUploads.getAndSet(null);
	}

	/** Bytes ingested since the window opened. */
	long ingestedBytes() {
		return this.ingestedBytes.get();
	}

	/** The gunzipped {@code jfr} part of a multipart upload, or null. */
	static byte[] jfrPart(byte[] body, String contentType) throws IOException {
		if (contentType == null || !contentType.contains("boundary=")) {
			return null;
		}
		String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "").trim();
		String text = new String(body, StandardCharsets.ISO_8859_1);
		for (String part : text.split(Pattern.quote(boundary))) {
			int headersEnd = part.indexOf("\r\n\r\n");
			if (headersEnd < 0 || !part.substring(0, headersEnd).contains("name=\"jfr\"")) {
				continue;
			}
			String content = part.substring(headersEnd + 4, part.length() - 2);
			byte[] gzipped = content.getBytes(StandardCharsets.ISO_8859_1);
			try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				in.transferTo(out);
				return out.toByteArray();
			}
		}
		return null;
	}

}

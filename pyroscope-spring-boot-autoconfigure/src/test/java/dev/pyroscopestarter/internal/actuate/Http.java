package dev.pyroscopestarter.internal.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A plain HTTP client for the tests: what a person with curl would see.
 */
final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	Http(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** A client of a running web application, on the port its server listens on. */
	static Http of(ConfigurableApplicationContext context) {
		return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	String url(String path) {
		return this.base + path;
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
	}

	Response postJson(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(url(path)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<byte[]> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String contentType, byte[] bytes, java.net.http.HttpHeaders headers) {

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		String body() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

		Map<String, Object> json() {
			return JsonParserFactory.getJsonParser().parseMap(body());
		}

	}

}

package dev.pyroscopestarter.internal.labels.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;

import dev.pyroscopestarter.labels.ProfilingLabels;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC requests over real HTTP: each handler reports the labels it runs under.
 */
class RouteLabelsTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void requestsAreLabelledWithTheRouteTemplateMethodAndMappedHeaders() throws Exception {
		try (ConfigurableApplicationContext context = run("pyroscope.web.header-labels.tenant=X-Tenant-Id")) {
			assertThat(get(context, "/orders/12345", "X-Tenant-Id", "acme"))
				.isEqualTo("{http_method=GET, http_route=/orders/{id}, tenant=acme}");
			assertThat(send(context, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), "/orders"))
				.isEqualTo("{http_method=POST, http_route=/orders}");
			// A method nobody maps still has a bounded label.
			assertThat(send(context, HttpRequest.newBuilder().method("BREW", HttpRequest.BodyPublishers.noBody()),
					"/any")).isEqualTo("{http_method=other, http_route=/any}");
		}
	}

	@Test
	void headerValuesCountAgainstTheCardinalityGuard() throws Exception {
		try (ConfigurableApplicationContext context = run("pyroscope.web.header-labels.tenant=X-Tenant-Id",
				"pyroscope.dynamic-labels.cardinality.max-values-per-key=2")) {
			assertThat(get(context, "/orders/1", "X-Tenant-Id", "a")).contains("tenant=a");
			assertThat(get(context, "/orders/1", "X-Tenant-Id", "b")).contains("tenant=b");
			assertThat(get(context, "/orders/1", "X-Tenant-Id", "c")).contains("tenant=_overflow_");
			assertThat(get(context, "/orders/1", "X-Tenant-Id", "a")).contains("tenant=a");
		}
	}

	@Test
	void labelNamesCanBeChangedOrLeftOut() throws Exception {
		try (ConfigurableApplicationContext context = run("pyroscope.web.route-label=endpoint",
				"pyroscope.web.method-label=")) {
			assertThat(get(context, "/orders/7")).isEqualTo("{endpoint=/orders/{id}}");
		}
	}

	@Test
	void failingAndAsynchronousRequestsCloseTheirScopes() throws Exception {
		// One request thread: a scope left open would show on the next request, as the tenant of an earlier one.
		try (ConfigurableApplicationContext context = run("server.tomcat.threads.max=1",
				"server.tomcat.threads.min-spare=1", "pyroscope.web.header-labels.tenant=X-Tenant-Id")) {
			HttpResponse<String> failed = this.http.send(request(context, "/fail").header("X-Tenant-Id", "failed").build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(failed.statusCode()).isEqualTo(500);
			assertThat(get(context, "/async", "X-Tenant-Id", "async"))
				.isEqualTo("{http_method=GET, http_route=/async, tenant=async}");
			assertThat(get(context, "/orders/1")).isEqualTo("{http_method=GET, http_route=/orders/{id}}");
		}
	}

	@Test
	void aForwardedRequestIsLabelledWithTheRouteItIsForwardedTo() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(get(context, "/legacy/orders/9")).isEqualTo("{http_method=GET, http_route=/orders/{id}}");
		}
	}

	@Test
	void canBeSwitchedOff() throws Exception {
		try (ConfigurableApplicationContext context = run("pyroscope.web.enabled=false")) {
			assertThat(get(context, "/orders/1")).isEqualTo("{}");
		}
	}

	private ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(WebApp.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "pyroscope.enabled=true", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private String get(ConfigurableApplicationContext context, String path, String... headers) throws Exception {
		HttpRequest.Builder request = request(context, path);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private String send(ConfigurableApplicationContext context, HttpRequest.Builder builder, String path)
			throws Exception {
		HttpResponse<String> response = this.http.send(builder.uri(uri(context, path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static HttpRequest.Builder request(ConfigurableApplicationContext context, String path) {
		return HttpRequest.newBuilder(uri(context, path));
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return URI.create("http://localhost:" + port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApp {

		@Bean
		Orders orders(ProfilingLabels labels) {
			return new Orders(labels);
		}

		@Bean
		Legacy legacy() {
			return new Legacy();
		}

	}

	@org.springframework.stereotype.Controller
	static class Legacy {

		@GetMapping("/legacy/orders/{id}")
		String order(@PathVariable String id) {
			return "forward:/orders/" + id;
		}

	}

	@RestController
	static class Orders {

		private final ProfilingLabels labels;

		Orders(ProfilingLabels labels) {
			this.labels = labels;
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			return labels();
		}

		@PostMapping("/orders")
		String create() {
			return labels();
		}

		@org.springframework.web.bind.annotation.RequestMapping("/any")
		String any() {
			return labels();
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("handler failed");
		}

		@GetMapping("/async")
		Callable<String> async() {
			String onRequestThread = labels();
			return () -> onRequestThread;
		}

		private String labels() {
			return this.labels.current().toString();
		}

	}

}

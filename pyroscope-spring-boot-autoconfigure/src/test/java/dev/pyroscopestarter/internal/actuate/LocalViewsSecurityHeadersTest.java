package dev.pyroscopestarter.internal.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pyroscopestarter.testsupport.TestApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local views' security headers in real applications, wherever the actuator is served: Spring MVC and WebFlux,
 * on the application's port and on a separate management port ({@code management.server.port}, Spring Boot's
 * child context), where README promises them. The application's other answers do not get them.
 */
class LocalViewsSecurityHeadersTest {

	@ParameterizedTest(name = "{0}, separate management port: {1}")
	@CsvSource({ "SERVLET, false", "SERVLET, true", "REACTIVE, false", "REACTIVE, true" })
	void theLocalViewsCarryTheirSecurityHeaders(WebApplicationType type, boolean separatePort) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.application.name=headers",
				"--pyroscope.upload-interval=1s", "--management.endpoints.web.exposure.include=pyroscope,health",
				"--spring.main.banner-mode=off"));
		if (separatePort) {
			arguments.add("--management.server.port=0");
		}
		if (type == WebApplicationType.REACTIVE) {
			// The test class path holds Tomcat (for the MVC tests) beside Netty: a WebFlux application has one server,
			// and both would define the reactive management child context's factory.
			arguments.add("--spring.autoconfigure.exclude="
					+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration");
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class).web(type)
			.run(arguments.toArray(String[]::new))) {
			int port = separatePort
					? context.getEnvironment().getRequiredProperty("local.management.port", Integer.class)
					: ((WebServerApplicationContext) context).getWebServer().getPort();
			Http http = new Http(port);
			await("a window in the local profiles").atMost(Duration.ofSeconds(60)).until(() -> {
				LabeledWork.carRide(50);
				return http.get("/actuator/pyroscope/flamegraph").status() == 200;
			});
			for (String view : List.of("/actuator/pyroscope/flamegraph", "/actuator/pyroscope/index",
					"/actuator/pyroscope/flamegraph?vehicle=nothing", "/actuator/pyroscope")) {
				Http.Response page = http.get(view);
				assertThat(page.header("Content-Security-Policy")).as(view)
					.contains("default-src 'none'")
					.contains("frame-ancestors 'none'");
				assertThat(page.header("X-Content-Type-Options")).as(view).isEqualTo("nosniff");
				assertThat(page.header("X-Frame-Options")).as(view).isEqualTo("DENY");
				assertThat(page.header("Referrer-Policy")).as(view).isEqualTo("no-referrer");
				assertThat(page.header("Cache-Control")).as(view).isEqualTo("no-store");
			}
			Http.Response health = http.get("/actuator/health");
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.header("Content-Security-Policy")).as("the endpoint's paths only").isNull();
		}
	}

}

package dev.pyroscopestarter.internal.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.pyroscopestarter.testsupport.TestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The test application in local mode, serving its views over HTTP on a random port: named {@code rides}, one-second
 * windows, the pyroscope endpoint exposed.
 */
final class LocalViewsApplication {

	private LocalViewsApplication() {
	}

	/** Starts it with {@code arguments} after the common ones. */
	static ConfigurableApplicationContext start(String... arguments) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.application.name=rides",
				"--pyroscope.upload-interval=1s", "--management.endpoints.web.exposure.include=pyroscope",
				"--spring.main.banner-mode=off"));
		all.addAll(List.of(arguments));
		return new SpringApplicationBuilder(TestApplication.class).run(all.toArray(String[]::new));
	}

}

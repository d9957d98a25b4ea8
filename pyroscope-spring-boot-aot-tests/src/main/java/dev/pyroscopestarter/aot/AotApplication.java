package dev.pyroscopestarter.aot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.pyroscopestarter.internal.actuate.health.PyroscopeHealthIndicator;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Orders rides for {@code rides.seconds} seconds (0: starts, reports and exits), after reporting what runs: whether
 * Spring used the AOT-generated code, whether the native profiler library is mapped, the profiler's state and
 * its health.
 */
@SpringBootApplication
public class AotApplication {

	public static void main(String[] args) throws IOException {
		try (ConfigurableApplicationContext context = SpringApplication.run(AotApplication.class, args)) {
			System.out.println("AOT_ARTIFACTS=" + AotDetector.useGeneratedArtifacts());
			System.out.println("NATIVE_PROFILER_LOADED="
					+ Files.readString(Path.of("/proc/self/maps")).contains("libasyncProfiler"));
			System.out.println("PROFILER_STATE=" + context.getBean(PyroscopeProfiler.class).status().state());
			System.out.println("HEALTH=" + context.getBean(PyroscopeHealthIndicator.class).health().getStatus());
			long seconds = context.getEnvironment().getProperty("rides.seconds", Long.class, 0L);
			RideService rides = context.getBean(RideService.class);
			long until = System.nanoTime() + seconds * 1_000_000_000L;
			long checksum = 0;
			while (System.nanoTime() < until) {
				checksum += rides.order(new Order("car", "eu-north"));
			}
			System.out.println("RIDES_DONE=" + (checksum != 1));
		}
	}

}

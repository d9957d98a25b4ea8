package dev.pyroscopestarter.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@link TestApplication} in a JVM of its own and reports what the process holds: whether the native
 * profiler library is mapped, which threads exist, and the profiler's state. Tests that must observe a pristine
 * process (nothing loaded, nothing started) launch it.
 */
public final class ChildApplication {

	private ChildApplication() {
	}

	public static void main(String[] args) throws IOException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			String maps = Files.readString(Path.of("/proc/self/maps"));
			System.out.println("NATIVE_PROFILER_LOADED=" + maps.contains("libasyncProfiler"));
			System.out.println("THREADS=" + Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
				.sorted().collect(Collectors.joining("|")));
			PyroscopeProfiler profiler = context.getBeanProvider(PyroscopeProfiler.class).getIfAvailable();
			System.out.println("PROFILER_STATE=" + ((profiler != null) ? profiler.status().state() : "none"));
		}
	}

}

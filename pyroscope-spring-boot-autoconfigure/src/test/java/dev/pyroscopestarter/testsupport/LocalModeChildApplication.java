package dev.pyroscopestarter.testsupport;

import java.time.Duration;
import java.time.Instant;

import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Runs {@link TestApplication} in a JVM of its own, class path as the test gives it, until local mode holds a
 * window (at most 60 seconds), and reports whether OkHttp is on the class path, the profiler's state and the
 * windows kept.
 */
public final class LocalModeChildApplication {

	private LocalModeChildApplication() {
	}

	public static void main(String[] args) {
		System.out.println("OKHTTP_PRESENT=" + ClassUtils.isPresent("okhttp3.OkHttpClient", null));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			PyroscopeProfiler profiler = context.getBeanProvider(PyroscopeProfiler.class).getIfAvailable();
			System.out.println("PROFILER_STATE=" + ((profiler != null) ? profiler.status().state() : "none"));
			LocalProfileStore store = context.getBeanProvider(LocalProfileStore.class).getIfAvailable();
			Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
			while (store != null && store.figures().windows() == 0 && Instant.now().isBefore(deadline)) {
				CpuBurner.burnCpuInHotMethod(100);
			}
			System.out.println("LOCAL_WINDOWS=" + ((store != null) ? store.figures().windows() : -1));
		}
	}

}

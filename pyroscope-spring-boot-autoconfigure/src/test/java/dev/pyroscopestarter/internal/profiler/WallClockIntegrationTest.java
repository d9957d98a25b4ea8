package dev.pyroscopestarter.internal.profiler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.labels.ProfilingLabels;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.ServerProfiles;
import dev.pyroscopestarter.testsupport.TestApplication;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Wall-clock time beside CPU time, as the Pyroscope server computes it from what the starter uploads: a labelled scope
 * that sleeps 2 s and another that burns 1 s of CPU, decoded by {@link ServerProfiles} (the server's own rules). The
 * real profiler in a real context, uploading to WireMock.
 */
class WallClockIntegrationTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final Map<String, String> SLEEP = Map.of("scope", "sleep");

	private static final Map<String, String> BURN = Map.of("scope", "burn");

	private static final long SLEEP_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final long BURN_CPU_NANOS = TimeUnit.SECONDS.toNanos(1);

	@Test
	void wallAndCpuTimeOfScopesOneAfterTheOther() throws Exception {
		check(false);
	}

	@Test
	void wallAndCpuTimeOfScopesRunningAtOnce() throws Exception {
		check(true);
	}

	@Test
	void eachWindowIsUploadedAsACpuProfileAndAWallProfileEachWithItsOwnRate() throws Exception {
		List<IngestedProfile> uploads = run(false, "pyroscope.profiler.wall-clock.interval=50ms").uploads();
		List<IngestedProfile> cpu = uploads.stream().filter((u) -> !u.executionSamples().isEmpty()).toList();
		List<IngestedProfile> wall = uploads.stream().filter((u) -> !u.wallClockSamples().isEmpty()).toList();
		assertThat(cpu).isNotEmpty().allSatisfy((upload) -> {
			assertThat(upload.query("sampleRate")).isEqualTo("100");
			assertThat(upload.wallClockSamples()).isEmpty();
		});
		assertThat(wall).isNotEmpty().allSatisfy((upload) -> {
			assertThat(upload.query("sampleRate")).isEqualTo("20");
			assertThat(upload.executionSamples()).isEmpty();
		});
		// Both parts of a window go under the same name and time range: the server stores them as two series of
		// one upload (process_cpu and wall). A window in which no thread ran holds wall-clock samples alone: one
		// upload, at the wall-clock rate (above).
		assertThat(wall).anySatisfy((w) -> assertThat(cpu).anySatisfy((c) -> {
			assertThat(c.query("from")).isEqualTo(w.query("from"));
			assertThat(c.query("until")).isEqualTo(w.query("until"));
			assertThat(c.query("name")).isEqualTo(w.query("name"));
		}));
	}

	@Test
	void withoutWallClockSamplingOneCpuUploadPerWindowAsBefore() throws Exception {
		Run run = run(false, "pyroscope.profiler.wall-clock.enabled=false");
		assertThat(run.uploads()).allSatisfy((upload) -> {
			assertThat(upload.wallClockSamples()).isEmpty();
			assertThat(upload.query("sampleRate")).isEqualTo("100");
		});
		ServerProfiles server = ServerProfiles.of(run.uploads());
		assertThat(server.total(ServerProfiles.WALL, (labels) -> true)).isZero();
		assertThat(server.total(ServerProfiles.CPU, BURN)).isEqualTo(recorded(run, false, BURN));
	}

	// The server's figures must be exactly what the profiler recorded, in every run. Whether the profiler itself
	// sampled the scopes to within 10% of their real time depends on the machine: on one running several builds on
	// its 2 cores, a thread waiting for a core takes its signals late (pending signals of one kind are one), and
	// process-wide CPU timer signals land on whichever thread runs. So that part holds in one of three runs.
	private void check(boolean atOnce) throws Exception {
		List<String> misses = new java.util.ArrayList<>();
		for (int attempt = 1; attempt <= 3; attempt++) {
			Run run = run(atOnce);
			ServerProfiles server = ServerProfiles.of(run.uploads());
			String figures = "[wall clock, " + (atOnce ? "at once" : "one after the other") + ", run " + attempt
					+ "] sleep " + run.sleepNanos() / 1e9 + " s, burn " + run.burnNanos() / 1e9 + " s by the clock, "
					+ run.burnCpuNanos() / 1e9 + " s CPU; the server's profiles:\n" + server;
			System.out.println(figures);
			// Exactly what the profiler recorded, each sample weighed by its own interval: no rate misread, no
			// weight carried from one event to the next, each sample under its scope's labels.
			assertThat(server.total(ServerProfiles.WALL, SLEEP)).isEqualTo(recorded(run, true, SLEEP));
			assertThat(server.total(ServerProfiles.WALL, BURN)).isEqualTo(recorded(run, true, BURN));
			assertThat(server.total(ServerProfiles.CPU, BURN)).isEqualTo(recorded(run, false, BURN));
			assertThat(server.carried()).as("events weighed with a carried wall-clock weight").isZero();
			assertThat(run.sleepNanos() / (double) SLEEP_NANOS).isCloseTo(1.0, within(0.1));
			// Against real time: the sleep 2 s by the clock; the burn 1 s of CPU (counted in the thread's CPU time)
			// and, by the clock, 1 s on a quiet machine, longer while it waits for a core, of which the profiler
			// sees part: its wall time is between its CPU time and its time by the clock.
			double sleepWall = server.total(ServerProfiles.WALL, SLEEP) / (double) run.sleepNanos();
			double burnCpu = server.total(ServerProfiles.CPU, BURN) / (double) run.burnCpuNanos();
			long burnWall = server.total(ServerProfiles.WALL, BURN);
			long sleepCpu = server.total(ServerProfiles.CPU, SLEEP);
			if (Math.abs(sleepWall - 1) <= 0.1 && Math.abs(burnCpu - 1) <= 0.1
					&& burnWall >= 0.9 * run.burnCpuNanos() && burnWall <= 1.1 * run.burnNanos()
					&& sleepCpu <= BURN_CPU_NANOS / 10) {
				return;
			}
			misses.add(figures);
		}
		throw new AssertionError("Not within 10% of real time in three runs:\n" + String.join("\n", misses));
	}

	// Samples read with the JDK's JFR parser, by their labels: wall-clock samples count their samples at 20ms, CPU
	// samples one each at 10ms.
	private static long recorded(Run run, boolean wall, Map<String, String> labels) {
		long total = 0;
		for (IngestedProfile upload : run.uploads()) {
			for (RecordedEvent sample : wall ? upload.wallClockSamples() : upload.executionSamples()) {
				if (upload.labelsOf(sample).equals(labels)) {
					total += wall ? sample.getLong("samples") * 20_000_000L : 10_000_000L;
				}
			}
		}
		return total;
	}

	private Run run(boolean atOnce, String... properties) throws Exception {
		// Each run reads its own uploads only (a test may run several).
		pyroscope.resetRequests();
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		long[] measured = new long[3];
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.application.name=waiting-app", "pyroscope.server-address=" + pyroscope.baseUrl(),
					"pyroscope.upload-interval=1s", "pyroscope.profiler.wall-clock.enabled=true")
			.properties(properties)
			.run()) {
			ProfilingLabels labels = context.getBean(ProfilingLabels.class);
			Runnable sleep = () -> labels.run(SLEEP, () -> measured[0] = sleep());
			Runnable burn = () -> labels.run(BURN, () -> {
				long[] took = burn();
				measured[1] = took[0];
				measured[2] = took[1];
			});
			if (atOnce) {
				CompletableFuture.allOf(CompletableFuture.runAsync(sleep, threads), CompletableFuture.runAsync(burn, threads))
					.get(60, TimeUnit.SECONDS);
			}
			else {
				CompletableFuture.runAsync(sleep, threads).get(60, TimeUnit.SECONDS);
				CompletableFuture.runAsync(burn, threads).get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		// Closing the context flushed the last window: every sample of both scopes has been uploaded.
		return new Run(IngestedProfile.of(pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest")))), measured[0],
				measured[1], measured[2]);
	}

	private static long sleep() {
		long start = System.nanoTime();
		try {
			Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SLEEP_NANOS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return System.nanoTime() - start;
	}

	// Burns until the thread has used 1 s of CPU; returns the wall and CPU time it took.
	private static long[] burn() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long start = System.nanoTime();
		long cpuStart = threads.getCurrentThreadCpuTime();
		long x = 0;
		while (threads.getCurrentThreadCpuTime() - cpuStart < BURN_CPU_NANOS) {
			for (int i = 0; i < 100_000; i++) {
				x += (x ^ i) * 31 + i;
			}
		}
		sink = x;
		return new long[] { System.nanoTime() - start, threads.getCurrentThreadCpuTime() - cpuStart };
	}

	private static volatile long sink;

	private record Run(List<IngestedProfile> uploads, long sleepNanos, long burnNanos, long burnCpuNanos) {

	}

}

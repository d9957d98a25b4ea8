package dev.pyroscopestarter.labels;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreads;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import dev.pyroscopestarter.testsupport.LabelAttribution;
import dev.pyroscopestarter.testsupport.Uploads;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures what Pyroscope would show: the real profiler samples a Spring MVC application whose
 * {@code @ProfileTag}-ed methods burn CPU in known proportions (4:2:1) on concurrent requests, each blocking
 * half-way as a request waiting on I/O does, and hand part of their work to {@code @Async} methods, while an
 * unlabelled thread burns CPU too, also on the pool threads that ran labelled tasks. The uploaded JFR is decoded
 * with {@code jdk.jfr.consumer}, each sample's context looked up in the upload's labels, and each piece of work
 * must carry exactly its labels in at least 99% of its samples: on platform threads, and on virtual threads with
 * nothing but {@code spring.threads.virtual.enabled=true}.
 * <p>
 * The load runs until the uploads hold enough samples of every piece of work (counted, not timed), so that a busy
 * machine makes a test slower, not failing.
 */
@ExtendWith(OutputCaptureExtension.class)
class LabelAttributionIntegrationTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private static final String WORK = Work.class.getName();

	/** How long the load may take to yield the samples a test needs; an idle machine needs about 8 s. */
	private static final Duration LOAD_DEADLINE = Duration.ofMinutes(3);

	private static final Map<String, String> ROUTE = Map.of("http_method", "GET", "http_route", "/rides/{vehicle}",
			"tenant", "acme");

	@Test
	void platformThreadsCarryExactlyTheirLabels() throws Exception {
		List<IngestedProfile> uploads = runLoad(4, wanted(platformThreadExpectations()),
				"pyroscope.web.header-labels.tenant=X-Tenant-Id");
		platformThreadExpectations().forEach((method, labels) -> {
			LabelAttribution attribution = LabelAttribution.of(uploads, WORK, method, labels);
			System.out.println("[platform threads] " + attribution);
			// On a busy machine some methods get a dozen samples: with 10 or more, 99% means every one of them
			// (unlabelled work, sharing the cores with the clients' labelled work, gets fewer).
			assertThat(attribution.total()).as(attribution.toString()).isGreaterThanOrEqualTo(labels.isEmpty() ? 3 : 10);
			assertThat(attribution.exactShare()).as(attribution.toString()).isGreaterThanOrEqualTo(0.99);
		});
	}

	@Test
	void platformThreadsWallClockSamplesBesideCpuCarryExactlyTheirLabels() throws Exception {
		List<IngestedProfile> uploads = runLoad(4, wanted(platformThreadExpectations()),
				"pyroscope.web.header-labels.tenant=X-Tenant-Id", "pyroscope.profiler.wall-clock.enabled=true");
		platformThreadExpectations().forEach((method, labels) -> {
			for (boolean wall : new boolean[] { true, false }) {
				LabelAttribution attribution = LabelAttribution.of(uploads,
						wall ? IngestedProfile::wallClockSamples : IngestedProfile::executionSamples, WORK, method,
						labels);
				System.out.println("[platform threads, wall clock beside CPU, " + (wall ? "wall" : "cpu") + "] "
						+ attribution);
				assertThat(attribution.total()).as(attribution.toString()).isGreaterThanOrEqualTo(labels.isEmpty() ? 3 : 10);
				assertThat(attribution.exactShare()).as(attribution.toString()).isGreaterThanOrEqualTo(0.99);
			}
		});
		// The requests' waits (each ride blocks half-way, as on I/O) are in the wall-clock samples, under the labels
		// of the ride that waits.
		Map<Map<String, String>, Long> waiting = new java.util.HashMap<>();
		for (IngestedProfile upload : uploads) {
			upload.wallClockSamples()
				.stream()
				.filter(IngestedProfile.hasFrame(RideService.class.getName(), "waitForIo"))
				.forEach((sample) -> waiting.merge(upload.labelsOf(sample), sample.getLong("samples"), Long::sum));
		}
		System.out.println("[platform threads, wall clock beside CPU] waiting for I/O, samples by labels: " + waiting);
		assertThat(waiting.getOrDefault(with(ROUTE, "service", "rides", "vehicle", "bike"), 0L)).isPositive();
		assertThat(waiting.getOrDefault(platformThreadExpectations().get("burnForCar"), 0L)).isPositive();
		assertThat(waiting.keySet()).allSatisfy((labels) -> assertThat(labels).containsKey("vehicle"));
	}

	private static Map<String, Map<String, String>> platformThreadExpectations() {
		return Map.of(
				// Labels all fixed in code: a shared constant context per label set.
				"burnForCar", Map.of("http_method", "GET", "http_route", "/cars/{id}", "service", "rides", "vehicle", "car"),
				// A header value among them: a scoped context per request.
				"burnForBike", with(ROUTE, "service", "rides", "vehicle", "bike"),
				"burnForScooter", with(ROUTE, "service", "rides", "vehicle", "scooter"),
				"burnForTram", with(ROUTE, "service", "rides", "blocking", "monitor"),
				"burnInController", ROUTE,
				"burnInAsyncTask", ROUTE,
				"burnUnlabelled", Map.of(),
				"burnOnPoolUnlabelled", Map.of());
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsCarryExactlyTheirLabelsWithOnlyVirtualThreadsSwitchedOn(CapturedOutput output) throws Exception {
		// No JVM option for this: the default mode instruments VirtualThread at startup. Many more virtual threads
		// than carriers (16 clients, their @Async tasks, 2 cores), each blocking inside its scopes, one of them in a
		// monitor (Object.wait inside synchronized, which unmounts on JDK 24+).
		List<IngestedProfile> uploads = runLoad(16, wanted(platformThreadExpectations()),
				"spring.threads.virtual.enabled=true", "pyroscope.web.header-labels.tenant=X-Tenant-Id");
		assertThat(output).contains("Pyroscope labels and spans follow virtual threads")
			.doesNotContain("Pyroscope labels are applied on virtual threads")
			.doesNotContain("could not make labels follow virtual threads");
		platformThreadExpectations().forEach((method, labels) -> {
			LabelAttribution attribution = LabelAttribution.of(uploads, WORK, method, labels);
			System.out.println("[virtual threads, follow] " + attribution);
			// As above, with 10 or more samples 99% means every one. Unlabelled work shares the cores with 16
			// clients' labelled work: on a busy machine it gets only a few samples.
			assertThat(attribution.total()).as(attribution.toString()).isGreaterThanOrEqualTo(labels.isEmpty() ? 3 : 10);
			assertThat(attribution.exactShare()).as(attribution.toString()).isGreaterThanOrEqualTo(0.99);
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void idleCarriersCarryNoLabelsWithWallClockSampling() throws Exception {
		idleCarriersCarryNoLabels("pyroscope.profiler.event=wall");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void idleCarriersCarryNoLabelsWithWallClockSamplingBesideCpu() throws Exception {
		idleCarriersCarryNoLabels("pyroscope.profiler.wall-clock.enabled=true");
	}

	private void idleCarriersCarryNoLabels(String wallClock) throws Exception {
		// With CPU-time sampling a carrier keeps a virtual thread's contexts after it unmounts, until the next mount
		// (one native call less, and an idle carrier is not sampled); wall-clock sampling samples idle carriers too,
		// so there an unmount clears them.
		List<IngestedProfile> uploads = runLoad(16, Map.of("burnForCar", 10), IngestedProfile::wallClockSamples,
				LabelAttributionIntegrationTest::parkInsideAScope, "spring.threads.virtual.enabled=true", wallClock,
				"pyroscope.web.header-labels.tenant=X-Tenant-Id");
		// The carrier the labelled virtual thread left when it parked. Other carriers may still hold what the
		// label-mode test left on them (carriers outlive a test; that mode does not clean them up), so they do
		// not count here.
		String carrier = parkedOn.get();
		assertThat(carrier).as("the carrier the parked virtual thread ran on").isNotNull();
		LabelAttribution idle = idleSamples(uploads, carrier);
		System.out.println("[virtual threads, follow, " + wallClock + "] idle " + idle);
		assertThat(idle.total()).as(idle.toString()).isGreaterThanOrEqualTo(5);
		assertThat(idle.exactShare()).as(idle.toString()).isEqualTo(1.0);
		LabelAttribution car = LabelAttribution.of(uploads, IngestedProfile::wallClockSamples, WORK, "burnForCar",
				platformThreadExpectations().get("burnForCar"));
		System.out.println("[virtual threads, follow, " + wallClock + "] " + car);
		assertThat(car.total()).as(car.toString()).isGreaterThanOrEqualTo(10);
		assertThat(car.exactShare()).as(car.toString()).isGreaterThanOrEqualTo(0.99);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsPinnedInsideScopesCarryExactlyTheirLabels(CapturedOutput output) throws Exception {
		assertThat(VirtualThreads.canPin()).as("the test JVM runs with --add-exports java.base/jdk.internal.vm").isTrue();
		List<IngestedProfile> uploads = runLoad(8, wanted(virtualThreadExpectations()),
				"spring.threads.virtual.enabled=true", "pyroscope.web.enabled=false",
				"pyroscope.dynamic-labels.virtual-threads=pin");
		for (Map.Entry<String, Map<String, String>> entry : virtualThreadExpectations().entrySet()) {
			LabelAttribution attribution = LabelAttribution.of(uploads, WORK, entry.getKey(), entry.getValue());
			System.out.println("[virtual threads, pin] " + attribution);
			// Pinned virtual threads that block hold their carrier: less CPU is sampled than on platform threads.
			assertThat(attribution.total()).as(attribution.toString())
				.isGreaterThanOrEqualTo(entry.getValue().isEmpty() ? 3 : 10);
			assertThat(attribution.exactShare()).as(attribution.toString()).isGreaterThanOrEqualTo(0.99);
		}
		assertThat(output).doesNotContain("Pyroscope labels are applied on virtual threads");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsInLabelModeAreMeasuredAndWarnedAboutOnce(CapturedOutput output) throws Exception {
		List<IngestedProfile> uploads = runLoad(8, wanted(virtualThreadExpectations()),
				"spring.threads.virtual.enabled=true", "pyroscope.web.enabled=false",
				"pyroscope.dynamic-labels.virtual-threads=label");
		for (Map.Entry<String, Map<String, String>> entry : virtualThreadExpectations().entrySet()) {
			LabelAttribution attribution = LabelAttribution.of(uploads, WORK, entry.getKey(), entry.getValue());
			System.out.println("[virtual threads, label] " + attribution);
			assertThat(attribution.total()).as(attribution.toString()).isPositive();
			// How wrong it goes depends on scheduling (43-100% exact in earlier runs); what holds in any run: labels
			// apply from a scope's start, so each labelled method has samples that carry exactly its labels.
			if (!entry.getValue().isEmpty()) {
				assertThat(attribution.exactShare()).as(attribution.toString()).isPositive();
			}
		}
		assertThat(output.toString().split("Pyroscope labels are applied on virtual threads", -1)).hasSize(2);
	}

	private static Map<String, Map<String, String>> virtualThreadExpectations() {
		return Map.of(
				"burnForCar", Map.of("service", "rides", "vehicle", "car"),
				"burnForBike", Map.of("service", "rides", "vehicle", "bike"),
				"burnForScooter", Map.of("service", "rides", "vehicle", "scooter"),
				"burnForTram", Map.of("service", "rides", "blocking", "monitor"),
				"burnInController", Map.of(),
				"burnInAsyncTask", Map.of(),
				"burnOnPoolUnlabelled", Map.of());
	}

	private static final AtomicReference<@Nullable String> parkedOn = new AtomicReference<>();

	// After the load: a virtual thread parks inside a scope while nothing else runs, leaving its carrier idle,
	// until the uploads hold enough samples of that idle carrier.
	private static void parkInsideAScope(ConfigurableApplicationContext context, Uploads uploads) throws Exception {
		ProfilingLabels labels = context.getBean(ProfilingLabels.class);
		parkedOn.set(null);
		CountDownLatch release = new CountDownLatch(1);
		Thread parked = new VirtualThreadTaskExecutor("parked-").getVirtualThreadFactory().newThread(() -> {
			try (LabelScope scope = labels.open("blocking", "parked")) {
				Work.burnUnlabelled(5);
				// A virtual thread's string says where it runs:
				// "VirtualThread[#42,parked-0]/runnable@ForkJoinPool-1-worker-2".
				String self = Thread.currentThread().toString();
				parkedOn.set(self.substring(self.lastIndexOf('@') + 1));
				release.await(LOAD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		parked.start();
		try {
			await("wall-clock samples of the idle carrier").atMost(LOAD_DEADLINE)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> parkedOn.get() != null && idleSamples(uploads.get(), parkedOn.get()).total() >= 5);
		}
		finally {
			release.countDown();
			parked.join(Duration.ofSeconds(30).toMillis());
		}
	}

	private static LabelAttribution idleSamples(List<IngestedProfile> uploads, String carrier) {
		return LabelAttribution.of(uploads,
				(upload) -> upload.wallClockSamples().stream().filter((sample) -> isOn(sample, carrier)).toList(),
				"java.util.concurrent.ForkJoinPool", "awaitWork", Map.of());
	}

	private static boolean isOn(RecordedEvent sample, String threadName) {
		RecordedThread thread = sample.getThread("sampledThread");
		return thread != null && (threadName.equals(thread.getJavaName()) || threadName.equals(thread.getOSName()));
	}

	/**
	 * Samples the load runs for, of each method: 40 of labelled work, 10 of unlabelled (it gets fewer); well above
	 * the least the tests accept, so that a share of 99% is judged on enough samples.
	 */
	private static Map<String, Integer> wanted(Map<String, Map<String, String>> expectations) {
		Map<String, Integer> wanted = new java.util.TreeMap<>();
		expectations.forEach((method, labels) -> wanted.put(method, labels.isEmpty() ? 10 : 40));
		return wanted;
	}

	private static List<IngestedProfile> runLoad(int clients, Map<String, Integer> wanted, String... properties)
			throws Exception {
		return runLoad(clients, wanted, IngestedProfile::executionSamples, null, properties);
	}

	/**
	 * Runs the load until the uploads hold {@code wanted} samples (those {@code samples} picks) of each method, then
	 * closes the application and returns every upload, the last window's included.
	 */
	private static List<IngestedProfile> runLoad(int clients, Map<String, Integer> wanted,
			Function<IngestedProfile, List<RecordedEvent>> samples, @Nullable AfterLoad afterLoad,
			String... properties) throws Exception {
		Uploads uploads = new Uploads(pyroscope);
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger completed = new AtomicInteger();
		ExecutorService load = Executors.newFixedThreadPool(clients + 1);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RideApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.application.name=rides", "server.port=0", "pyroscope.upload-interval=1s",
					"pyroscope.server-address=" + pyroscope.baseUrl())
			.properties(properties)
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newHttpClient();
			List<Future<?>> futures = new ArrayList<>();
			AsyncWork async = context.getBean(AsyncWork.class);
			futures.add(load.submit(() -> {
				while (running.get()) {
					Work.burnUnlabelled(20);
					// Unlabelled work on the pool threads that also ran labelled tasks.
					async.burnUnlabelled(10).join();
				}
				return null;
			}));
			String[] vehicles = { "car", "bike", "scooter", "tram" };
			for (int c = 0; c < clients; c++) {
				int client = c;
				futures.add(load.submit(() -> {
					for (int i = client; running.get(); i++) {
						String vehicle = vehicles[i % vehicles.length];
						HttpRequest request = vehicle.equals("car")
								? HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cars/" + i)).build()
								: HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/rides/" + vehicle))
									.header("X-Tenant-Id", "acme")
									.build();
						HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
						assertThat(response.statusCode()).isEqualTo(200);
						completed.incrementAndGet();
					}
					return null;
				}));
			}
			await("samples of every piece of work " + wanted).atMost(LOAD_DEADLINE)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					for (Future<?> future : futures) {
						if (future.isDone()) {
							// A client that failed: its assertion, now.
							future.get();
						}
					}
					return enough(uploads.get(), samples, wanted);
				});
			running.set(false);
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
			if (afterLoad != null) {
				afterLoad.run(context, uploads);
			}
		}
		finally {
			running.set(false);
			load.shutdownNow();
		}
		assertThat(completed.get()).isGreaterThan(30);
		return uploads.get();
	}

	private static boolean enough(List<IngestedProfile> uploads, Function<IngestedProfile, List<RecordedEvent>> samples,
			Map<String, Integer> wanted) {
		return wanted.entrySet()
			.stream()
			.allMatch((method) -> LabelAttribution.of(uploads, samples, WORK, method.getKey(), Map.of())
				.total() >= method.getValue());
	}

	@FunctionalInterface
	private interface AfterLoad {

		void run(ConfigurableApplicationContext context, Uploads uploads) throws Exception;

	}

	private static Map<String, String> with(Map<String, String> base, String... pairs) {
		Map<String, String> labels = new java.util.TreeMap<>(base);
		for (int i = 0; i < pairs.length; i += 2) {
			labels.put(pairs[i], pairs[i + 1]);
		}
		return labels;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class RideApplication {

		@Bean
		AsyncWork asyncWork() {
			return new AsyncWork();
		}

		@Bean
		RideService rideService() {
			return new RideService();
		}

		@Bean
		RideController rideController(RideService rides, AsyncWork async) {
			return new RideController(rides, async);
		}

	}

	@RestController
	static class RideController {

		private final RideService rides;

		private final AsyncWork async;

		RideController(RideService rides, AsyncWork async) {
			this.rides = rides;
			this.async = async;
		}

		@GetMapping("/rides/{vehicle}")
		String ride(@PathVariable String vehicle) throws InterruptedException {
			Work.burnInController(5);
			this.async.burn(5).join();
			if (vehicle.equals("bike")) {
				this.rides.bike();
			}
			else if (vehicle.equals("tram")) {
				this.rides.tram();
			}
			else {
				this.rides.ride(vehicle);
			}
			return vehicle;
		}

		@GetMapping("/cars/{id}")
		String car(@PathVariable String id) throws InterruptedException {
			this.rides.car();
			return id;
		}

	}

	@ProfileTag(key = "service", value = "rides")
	static class RideService {

		@ProfileTag(key = "vehicle", value = "car")
		public void car() throws InterruptedException {
			Work.burnForCar(20);
			waitForIo();
			Work.burnForCar(20);
		}

		@ProfileTag(key = "vehicle", value = "bike")
		public void bike() throws InterruptedException {
			Work.burnForBike(10);
			waitForIo();
			Work.burnForBike(10);
		}

		// Not a vehicle value: agent contexts outlive a test class, and other classes count the vehicles they see.
		@ProfileTag(key = "blocking", value = "monitor")
		public void tram() throws InterruptedException {
			Object monitor = new Object();
			synchronized (monitor) {
				Work.burnForTram(5);
				// Waiting inside a monitor: a virtual thread unmounts here on JDK 24+ (it pinned before).
				monitor.wait(2);
				Work.burnForTram(5);
			}
		}

		@ProfileTag(key = "vehicle", expression = "#vehicle")
		public void ride(String vehicle) throws InterruptedException {
			Work.burnForScooter(5);
			waitForIo();
			Work.burnForScooter(5);
		}

		private static void waitForIo() throws InterruptedException {
			Thread.sleep(2);
		}

	}

	/** Work handed to Spring's application task executor. */
	static class AsyncWork {

		@Async
		public CompletableFuture<Void> burn(long millis) {
			Work.burnInAsyncTask(millis);
			return CompletableFuture.completedFuture(null);
		}

		@Async
		public CompletableFuture<Void> burnUnlabelled(long millis) {
			Work.burnOnPoolUnlabelled(millis);
			return CompletableFuture.completedFuture(null);
		}

	}

	/** CPU work under names the attribution can find on the samples' stacks. */
	static final class Work {

		private static volatile long sink;

		static void burnForCar(long millis) {
			spin(millis);
		}

		static void burnForBike(long millis) {
			spin(millis);
		}

		static void burnForScooter(long millis) {
			spin(millis);
		}

		static void burnForTram(long millis) {
			spin(millis);
		}

		static void burnInController(long millis) {
			spin(millis);
		}

		static void burnUnlabelled(long millis) {
			spin(millis);
		}

		static void burnInAsyncTask(long millis) {
			spin(millis);
		}

		static void burnOnPoolUnlabelled(long millis) {
			spin(millis);
		}

		// The loop is CpuBurner's: the tests look for the method that calls it on each sample's stack.
		private static void spin(long millis) {
			sink = CpuBurner.burn(millis);
		}

	}

}

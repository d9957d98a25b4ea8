package dev.pyroscopestarter.internal.origin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Against a real loopback HTTP server standing in for the task metadata endpoint v4.
 */
class EcsTaskMetadataTest {

	/** A Fargate {@code /task} answer, shortened, in the documented shape. */
	static final String FARGATE_TASK = """
			{"Cluster":"arn:aws:ecs:eu-west-1:123456789012:cluster/rides-prod",
			 "TaskARN":"arn:aws:ecs:eu-west-1:123456789012:task/rides-prod/4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f",
			 "Family":"rideshare-api","Revision":"42","DesiredStatus":"RUNNING","KnownStatus":"RUNNING",
			 "Limits":{"CPU":0.5,"Memory":1024},"AvailabilityZone":"eu-west-1b","LaunchType":"FARGATE",
			 "Containers":[{"DockerId":"4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f-1234567890","Name":"app",
			   "Labels":{"com.amazonaws.ecs.cluster":"arn:aws:ecs:eu-west-1:123456789012:cluster/rides-prod"}}]}
			""";

	private HttpServer server;

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void readsTheTasksBoundedLabels() {
		String uri = serve((exchange) -> answer(exchange, 200, FARGATE_TASK));
		EcsTaskMetadata task = EcsTaskMetadata.read(uri, Duration.ofSeconds(2));
		assertThat(task).isNotNull();
		assertThat(task.labels(false)).containsExactly(entry("ecs_cluster", "rides-prod"),
				entry("ecs_task_family", "rideshare-api"), entry("ecs_task_revision", "42"),
				entry("availability_zone", "eu-west-1b"), entry("region", "eu-west-1"));
		assertThat(task.labels(true)).containsEntry("ecs_task_id", "4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f");
	}

	@Test
	void aShortClusterNameAndMissingFieldsAreFine() {
		String uri = serve((exchange) -> answer(exchange, 200, "{\"Cluster\":\"default\",\"Family\":\"f\"}"));
		EcsTaskMetadata task = EcsTaskMetadata.read(uri, Duration.ofSeconds(2));
		assertThat(task.labels(true)).containsExactly(entry("ecs_cluster", "default"), entry("ecs_task_family", "f"));
	}

	@Test
	void anErrorGivesNothing() {
		String uri = serve((exchange) -> answer(exchange, 500, "oops"));
		assertThat(EcsTaskMetadata.read(uri, Duration.ofSeconds(2))).isNull();
		String notJson = serve((exchange) -> answer(exchange, 200, "<html>"));
		assertThat(EcsTaskMetadata.read(notJson, Duration.ofSeconds(2))).isNull();
	}

	@Test
	void anEndpointThatNeverAnswersIsGivenUpOnInTime() {
		String uri = serve((exchange) -> {
			// Headers sent, the body never: the time limit must cover the body too.
			exchange.sendResponseHeaders(200, 0);
			await();
		});
		long start = System.nanoTime();
		assertThat(EcsTaskMetadata.read(uri, Duration.ofMillis(300))).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void nothingListeningIsNoLabels() throws IOException {
		String uri = serve((exchange) -> answer(exchange, 200, FARGATE_TASK));
		this.server.stop(0);
		this.server = null;
		assertThat(EcsTaskMetadata.read(uri, Duration.ofSeconds(2))).isNull();
	}

	private void await() {
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String serve(HttpHandler handler) {
		try {
			if (this.server != null) {
				this.server.stop(0);
			}
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/v4/c0ffee-1234/task", handler);
		this.server.start();
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v4/c0ffee-1234";
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}

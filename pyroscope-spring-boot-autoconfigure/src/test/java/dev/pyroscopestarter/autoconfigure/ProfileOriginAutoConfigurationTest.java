package dev.pyroscopestarter.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import dev.pyroscopestarter.autoconfigure.endpoint.PyroscopeEndpointAutoConfiguration;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeDescriptor;
import dev.pyroscopestarter.internal.actuate.endpoint.PyroscopeEndpoint;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import dev.pyroscopestarter.internal.origin.ProfileOrigin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service identity, platform and source-code labels as the application's profiles carry them. The ECS task metadata
 * endpoint is a real loopback HTTP server.
 */
class ProfileOriginAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PyroscopeAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders", "pyroscope.upload-interval=1h");

	private HttpServer ecs;

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile boolean hang;

	@BeforeEach
	void startEcsEndpoint() throws IOException {
		this.ecs = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.ecs.createContext("/v4/c0ffee-1/task", (exchange) -> {
			if (this.hang) {
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			byte[] body = EcsTaskMetadataFixture.FARGATE_TASK.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.ecs.start();
	}

	@AfterEach
	void stopEcsEndpoint() {
		this.release.countDown();
		this.ecs.stop(0);
	}

	private String ecsUri() {
		return "ECS_CONTAINER_METADATA_URI_V4=http://127.0.0.1:" + this.ecs.getAddress().getPort() + "/v4/c0ffee-1";
	}

	@Test
	void onEcsTheTasksLabelsAreAdded() {
		this.runner.withPropertyValues(ecsUri()).run((context) -> {
			assertThat(context.getBean(AgentSettings.class).labels()).containsEntry("ecs_cluster", "rides-prod")
				.containsEntry("ecs_task_family", "rideshare-api")
				.containsEntry("ecs_task_revision", "42")
				.containsEntry("availability_zone", "eu-west-1b")
				.containsEntry("region", "eu-west-1")
				.doesNotContainKey("ecs_task_id");
			assertThat(context.getBean(ProfileOrigin.class).instanceIdentity())
				.isEqualTo("ecs task 4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f");
		});
	}

	@Test
	void theTaskIdOnlyWhenAskedFor() {
		this.runner.withPropertyValues(ecsUri(), "pyroscope.platform.ecs.task-id-label=true")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels()).containsEntry("ecs_task_id",
					"4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f"));
	}

	@Test
	void aLabelTheUserSetsWins() {
		this.runner.withPropertyValues(ecsUri(), "pyroscope.labels.region=emea", "pyroscope.labels.ecs_cluster=blue")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels()).containsEntry("region", "emea")
				.containsEntry("ecs_cluster", "blue")
				.containsEntry("ecs_task_family", "rideshare-api"));
	}

	@Test
	void ecsCanBeSwitchedOff() {
		this.runner.withPropertyValues(ecsUri(), "pyroscope.platform.ecs.enabled=false")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels()).doesNotContainKeys(
					"ecs_cluster", "ecs_task_family", "availability_zone", "region"));
	}

	@Test
	void anEndpointThatHangsDelaysStartupTwoSecondsAtMostAndAddsNothing() {
		this.hang = true;
		long start = System.nanoTime();
		this.runner.withPropertyValues(ecsUri()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(AgentSettings.class).labels()).doesNotContainKey("ecs_cluster");
		});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void onKubernetesTheNamespaceAndThePodOnlyWhenAskedFor(@TempDir Path secrets) throws IOException {
		Path namespaceFile = Files.writeString(secrets.resolve("namespace"), "rides\n");
		MockEnvironment environment = new MockEnvironment().withProperty("spring.main.cloud-platform", "kubernetes")
			.withProperty("HOSTNAME", "rideshare-api-7d9f8-x2k4q");
		PyroscopeProperties properties = new PyroscopeProperties();
		ProfileOrigin origin = ProfileOrigins.detect(properties, environment, null, namespaceFile);
		assertThat(origin.labels()).containsExactly(org.assertj.core.api.Assertions.entry("namespace", "rides"));
		assertThat(origin.instanceIdentity()).isEqualTo("kubernetes pod rideshare-api-7d9f8-x2k4q");
		properties.getPlatform().getKubernetes().setPodLabel(true);
		assertThat(ProfileOrigins.detect(properties, environment, null, namespaceFile).labels())
			.containsEntry("pod", "rideshare-api-7d9f8-x2k4q");
		properties.getPlatform().getKubernetes().setEnabled(false);
		assertThat(ProfileOrigins.detect(properties, environment, null, namespaceFile).labels()).isEmpty();
	}

	@Test
	void offThePlatformsNothingIsAdded() {
		this.runner.run((context) -> assertThat(context.getBean(ProfileOrigin.class).labels()).isEmpty());
	}

	@Test
	void gitInfoGivesTheSourceCodeLabelsWithoutCredentials() {
		this.runner.withBean(GitProperties.class, ProfileOriginAutoConfigurationTest::git)
			.withPropertyValues("pyroscope.source-code.root-path=rideshare-demo")
			.run((context) -> {
				AgentSettings settings = context.getBean(AgentSettings.class);
				assertThat(settings.labels()).containsEntry("service_repository", "https://github.com/acme/rides")
					.containsEntry("service_git_ref", "0a42e96f0c7d1d7a3a4c3e1f3f9a7c2b1d0e9f8a")
					.containsEntry("service_root_path", "rideshare-demo");
				assertThat(settings.toString()).doesNotContain("ghp_S3cr3t");
			});
	}

	@Test
	void sourceCodeLabelsCanBeSwitchedOff() {
		this.runner.withBean(GitProperties.class, ProfileOriginAutoConfigurationTest::git)
			.withPropertyValues("pyroscope.source-code.enabled=false")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels())
				.doesNotContainKeys("service_repository", "service_git_ref"));
	}

	@Test
	void theGroupIsALabel() {
		this.runner.withPropertyValues("spring.application.group=mobility")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).labels())
				.containsEntry("service_namespace", "mobility"));
	}

	@Test
	void theOtelServiceNameUnlessPyroscopeApplicationNameIsSet() {
		this.runner.withPropertyValues("management.opentelemetry.resource-attributes.service.name=checkout")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).applicationName()).isEqualTo("checkout"));
		this.runner
			.withPropertyValues("management.opentelemetry.resource-attributes.service.name=checkout",
					"pyroscope.application-name=profiles-only")
			.run((context) -> assertThat(context.getBean(AgentSettings.class).applicationName())
				.isEqualTo("profiles-only"));
	}

	@Test
	void anInstanceOutsideTheShareDoesNotProfileAndTheEndpointSaysSo() {
		// This task id falls in bucket 8934 of 10000 (FleetShare.bucket): outside a share of 0.01, inside 0.99.
		this.runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class, PyroscopeEndpointAutoConfiguration.class))
			.withPropertyValues(ecsUri(), "pyroscope.fleet-share=0.01", "management.endpoints.web.exposure.include=pyroscope")
			.run((context) -> {
				PyroscopeDescriptor descriptor = context.getBean(PyroscopeEndpoint.class).pyroscope();
				assertThat(descriptor.state()).isEqualTo("new");
				assertThat(descriptor.reason()).contains("not in the profiled share of the fleet");
				assertThat(descriptor.fleet().profiled()).isFalse();
				assertThat(descriptor.fleet().chosenFrom()).isEqualTo("ecs task 4b1c2e3f5a6b7c8d9e0f1a2b3c4d5e6f");
				assertThat(context.getBean(PyroscopeProfiler.class).isRunning()).isFalse();
			});
	}

	@Test
	void anInstanceInTheShareProfiles() {
		this.runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class, PyroscopeEndpointAutoConfiguration.class))
			.withPropertyValues(ecsUri(), "pyroscope.fleet-share=0.99", "management.endpoints.web.exposure.include=pyroscope")
			.run((context) -> {
				PyroscopeDescriptor descriptor = context.getBean(PyroscopeEndpoint.class).pyroscope();
				assertThat(descriptor.state()).isEqualTo("running");
				assertThat(descriptor.fleet().profiled()).isTrue();
				assertThat(descriptor.fleet().share()).isEqualTo(0.99);
			});
	}

	@Test
	void theSameInstanceGetsTheSameAnswerAtEachStart() {
		boolean[] answers = new boolean[3];
		for (int i = 0; i < answers.length; i++) {
			int start = i;
			this.runner.withPropertyValues(ecsUri(), "pyroscope.fleet-share=0.5")
				.run((context) -> answers[start] = context.getBean(ProfileOrigin.class).fleetShare().selected());
		}
		assertThat(answers).containsOnly(answers[0]);
	}

	@Test
	void aFleetShareOutsideZeroToOneIsRefusedByName() {
		this.runner.withPropertyValues("pyroscope.fleet-share=1.5")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("pyroscope.fleet-share"));
	}

	static GitProperties git() {
		Properties entries = new Properties();
		entries.setProperty("commit.id", "0a42e96f0c7d1d7a3a4c3e1f3f9a7c2b1d0e9f8a");
		entries.setProperty("remote.origin.url", "https://x-access-token:ghp_S3cr3t@github.com/acme/rides.git");
		entries.setProperty("branch", "main");
		return new GitProperties(entries);
	}

}

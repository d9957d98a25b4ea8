package dev.pyroscopestarter.autoconfigure.tracing;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.tracing.ProfileUrlTemplate;
import dev.pyroscopestarter.testsupport.TestProfilers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which profile URL spans get, by mode and settings.
 */
class ProfileUrlsTest {

	private static final String SPAN = "00f067aa0ba902b7";

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final AgentSettings agent = TestProfilers.agentSettings("rides");

	private final PyroscopeTracingProperties properties = new PyroscopeTracingProperties();

	private final MockEnvironment environment = new MockEnvironment();

	/** The endpoint's path as Spring Boot's PathMappedEndpoints gives it; null when not exposed or no access. */
	private @Nullable String endpointPath = "/actuator/pyroscope";

	/** Whether the profiles stay in the application; false when uploading, wherever the address comes from. */
	private boolean localMode = true;

	@Test
	void localModeLinksToTheApplicationsOwnFlameGraphOnceThePortIsKnown() {
		ProfileUrlTemplate template = template();
		assertThat(template.expand(SPAN, TRACE, 1_000_000)).isEqualTo("http://localhost:8080/actuator/pyroscope/"
				+ "flamegraph?span_id=" + SPAN + "&from=940000&to=4600000");
		this.environment.setProperty("local.server.port", "34567");
		assertThat(template.expand(SPAN, TRACE, 1_000_000)).startsWith("http://localhost:34567/actuator/pyroscope/");
	}

	@Test
	void localModeFollowsTheActuatorsPortAndPaths() {
		this.environment.withProperty("server.servlet.context-path", "/shop/");
		this.endpointPath = "/manage/pyroscope";
		assertThat(template().expand(SPAN, TRACE, 0)).startsWith("http://localhost:8080/shop/manage/pyroscope/flamegraph?");
		this.environment.withProperty("management.server.port", "9090")
			.withProperty("management.server.base-path", "/ops");
		assertThat(template().expand(SPAN, TRACE, 0)).startsWith("http://localhost:9090/ops/manage/pyroscope/flamegraph?");
		this.properties.setBaseUrl("https://rides.example.com/");
		assertThat(template().expand(SPAN, TRACE, 0)).startsWith("https://rides.example.com/ops/manage/pyroscope/");
	}

	@Test
	void noUrlWhenTheLocalFlameGraphIsNotServedOverHttp() {
		this.endpointPath = null;
		assertThat(template()).as("not exposed, no access, or no actuator").isNull();
		this.endpointPath = "/actuator/pyroscope";
		assertThat(template()).isNotNull();
		this.environment.setProperty("management.server.port", "-1");
		assertThat(template()).as("actuator not served over HTTP").isNull();
		this.environment.setProperty("management.server.port", "9090");
		assertThat(template()).isNotNull();
		this.environment.setProperty("spring.main.web-application-type", "none");
		assertThat(template()).as("no web server").isNull();
	}

	@Test
	void noUrlWhenUploadingUnlessATemplateIsSet() {
		// Uploading to an address from connection details (a container) sets no pyroscope.server-address.
		this.localMode = false;
		assertThat(template()).isNull();
		this.properties.setProfileUrl("https://grafana.example.com/x?span={spanId}&app={applicationName}");
		assertThat(template().expand(SPAN, TRACE, 0)).isEqualTo("https://grafana.example.com/x?span=" + SPAN
				+ "&app=rides");
	}

	@Test
	void anEmptyTemplateSwitchesTheUrlOff() {
		this.properties.setProfileUrl("");
		assertThat(template()).isNull();
	}

	@Test
	void aTemplateOrBaseUrlWithCredentialsFailsStartupWithoutShowingThem() {
		this.properties.setProfileUrl("https://admin:s3cret@grafana.example.com/x?span={spanId}");
		assertThatExceptionOfType(InvalidPyroscopeConfigurationException.class).isThrownBy(this::template)
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("pyroscope.tracing.profile-url");
				assertThat(ex.getMessage() + ex.getProblem() + ex.getFix()).contains("user info")
					.doesNotContain("s3cret");
			});
		this.properties.setProfileUrl(null);
		this.properties.setBaseUrl("https://ops:hunter2@rides.example.com");
		assertThatExceptionOfType(InvalidPyroscopeConfigurationException.class).isThrownBy(this::template)
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("pyroscope.tracing.base-url");
				assertThat(ex.getMessage() + ex.getProblem() + ex.getFix()).doesNotContain("hunter2");
			});
	}

	private ProfileUrlTemplate template() {
		return ProfileUrls.template(this.properties, this.agent, this.environment, this.endpointPath, this.localMode);
	}

}

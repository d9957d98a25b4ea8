package dev.pyroscopestarter.autoconfigure.tracing;

import java.time.Duration;

import dev.pyroscopestarter.internal.tracing.ProfileUrlTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The template behind {@code pyroscope.profile.url} (its class has no bridge imports: it is tested here, where no
 * tracing bridge is on the classpath).
 */
class ProfileUrlTemplateTest {

	private static final String SPAN = "00f067aa0ba902b7";

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void everyPlaceholderIsFilledIn() {
		ProfileUrlTemplate template = new ProfileUrlTemplate("{baseUrl}/view?app={applicationName}&span={spanId}"
				+ "&trace={traceId}&from={from}&to={to}&f={fromSeconds}&t={toSeconds}", "check out/eu",
				() -> "http://localhost:8080");
		long start = 1_700_000_000_123L;
		long from = start - Duration.ofMinutes(1).toMillis();
		long to = start + Duration.ofHours(1).toMillis();
		assertThat(template.expand(SPAN, TRACE, start)).isEqualTo("http://localhost:8080/view?app=check+out%2Feu&span="
				+ SPAN + "&trace=" + TRACE + "&from=" + from + "&to=" + to + "&f=" + (from / 1000) + "&t="
				+ (to / 1000 + 1));
	}

	@Test
	void encodedJsonOfAGrafanaExploreUrlIsKept() {
		String grafana = "https://grafana.example.com/explore?left=%7B%22queries%22:%5B%7B%22spanSelector%22:"
				+ "%5B%22{spanId}%22%5D%7D%5D%7D";
		assertThat(new ProfileUrlTemplate(grafana, "rides", () -> "unused").expand(SPAN, TRACE, 0))
			.isEqualTo(grafana.replace("{spanId}", SPAN));
	}

	@Test
	void credentialsAreRefusedWithoutRepeatingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfileUrlTemplate("https://admin:s3cret@grafana.example.com/x?span={spanId}",
					"rides", () -> "unused"))
			.withMessageContaining("user info")
			.withMessageNotContaining("s3cret");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfileUrlTemplate("{baseUrl}/x?span={spanId}", "rides",
					() -> "http://token@localhost:8080"))
			.withMessageContaining("user info")
			.withMessageNotContaining("token");
	}

	@Test
	void unknownPlaceholdersAndRelativeOrOtherUrlsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfileUrlTemplate("https://grafana/x?span={spanid}", "rides", () -> "unused"))
			.withMessageContaining("unknown placeholder {spanid}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfileUrlTemplate("/actuator/pyroscope?span={spanId}", "rides", () -> "unused"))
			.withMessageContaining("absolute http or https");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfileUrlTemplate("javascript:alert({spanId})", "rides", () -> "unused"))
			.withMessageContaining("absolute http or https");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfileUrlTemplate("https://grafana/x?q={\"a\":1}", "rides", () -> "unused"))
			.withMessageContaining("must be URL-encoded");
	}

}

package dev.pyroscopestarter.internal.actuate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pyroscopestarter.testsupport.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local views against what an attacker can put in a URL: every parameter, very long and odd values, markup
 * and script. None may fail with a 500 or echo markup unescaped; in a real browser no injected script runs; and
 * the pages carry the security headers of a page of this kind.
 */
class LocalViewsUnderBadInputTest {

	/** Sets a mark on the page if it ever runs. */
	private static final String SCRIPT = "document.documentElement.setAttribute('data-injected','yes')";

	private static final List<String> PAYLOADS = List.of("<script>" + SCRIPT + "</script>",
			"</script><script>" + SCRIPT + "</script>", "\"><img src=x onerror=\"" + SCRIPT + "\">",
			"'><svg onload='" + SCRIPT + "'>", "javascript:" + SCRIPT, "${7*7}#{7*7}", "%00%0d%0aSet-Cookie: x=y",
			"\u202e\u2028\u2029\u0000\u001b[31m", "x".repeat(6_000), "../../../../etc/passwd", "=,{}", "a=b=c",
			"\uD83D\uDE97".repeat(500), "' OR 1=1 --");

	private static final List<String> PARAMETERS = List.of("labels", "vehicle", "seconds", "type", "highlight",
			"baseline", "comparison", "recent");

	private static final List<String> VIEWS = List.of("index", "flamegraph", "collapsed", "diff", "jfr");

	/** A diff needs two selections: those the payload does not stand for are valid. */
	private static final String CAR = URLEncoder.encode("vehicle=car", StandardCharsets.UTF_8);

	private static ConfigurableApplicationContext context;

	private static Http http;

	@BeforeAll
	static void startApplication() {
		context = LocalViewsApplication.start();
		http = Http.of(context);
		await("a window in the local profiles").atMost(Duration.ofSeconds(60)).until(() -> {
			LabeledWork.carRide(100);
			return http.get("/actuator/pyroscope/collapsed").status() == 200;
		});
	}

	@AfterAll
	static void stopApplication() {
		context.close();
	}

	@Test
	void noInputMakesAViewFailOrEchoMarkup() {
		List<String> tried = new ArrayList<>();
		for (String view : VIEWS) {
			for (String parameter : PARAMETERS) {
				for (String payload : PAYLOADS) {
					String path = "/actuator/pyroscope/" + view + "?" + diffSelections(view, parameter) + parameter
							+ "=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
					Http.Response response = http.get(path);
					tried.add(path);
					assertThat(response.status()).as(path).isIn(200, 400, 404);
					assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
					String body = response.body();
					if (response.contentType().startsWith("text/html")) {
						assertThat(body).as(path).doesNotContain("<script>" + SCRIPT, "<img src=x", "<svg onload");
					}
					else {
						// Text or JSON a browser never renders as a page (nosniff): no markup runs; no line is forged.
						assertThat(response.contentType()).as(path).containsAnyOf("text/plain", "application/json",
								"application/octet-stream");
						assertThat(body.chars().filter((c) -> c != '\n' && Character.isISOControl(c))).as(path).isEmpty();
						if (response.status() != 200) {
							assertThat(body.length()).as(path).isLessThan(1_100);
						}
					}
				}
			}
			Http.Response unknown = http.get("/actuator/pyroscope/" + URLEncoder.encode("<b>x</b>", StandardCharsets.UTF_8));
			tried.add("unknown view");
			assertThat(unknown.status()).isIn(400, 404);
			assertThat(unknown.body()).doesNotContain("<b>x</b>");
		}
		assertThat(tried).hasSize(VIEWS.size() * PARAMETERS.size() * PAYLOADS.size() + VIEWS.size());
	}

	private static String diffSelections(String view, String parameter) {
		if (!"diff".equals(view) || "recent".equals(parameter)) {
			return "";
		}
		return switch (parameter) {
			case "baseline" -> "comparison=" + CAR + "&";
			case "comparison" -> "baseline=" + CAR + "&";
			default -> "baseline=" + CAR + "&comparison=" + CAR + "&";
		};
	}

	@Test
	void theFlameGraphPageCarriesSecurityHeaders() {
		Http.Response page = http.get("/actuator/pyroscope/flamegraph");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("frame-ancestors 'none'");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(page.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void noInjectedScriptRunsInABrowser() {
		HeadlessChromium.assumeInstalled();
		int pages = 0;
		for (String parameter : List.of("highlight", "vehicle", "labels")) {
			for (String payload : PAYLOADS.subList(0, 4)) {
				String url = http.url("/actuator/pyroscope/flamegraph?" + parameter + "="
						+ URLEncoder.encode(payload, StandardCharsets.UTF_8));
				String dom = HeadlessChromium.dumpDom(url);
				pages++;
				assertThat(dom).as(url).doesNotContain("data-injected=\"yes\"");
			}
		}
		// The other pages: the filter shown in the index's title and links, the diff's title and search.
		for (String view : List.of("index", "diff")) {
			for (String parameter : List.of("highlight", "vehicle")) {
				for (String payload : PAYLOADS.subList(1, 2)) {
					String url = http.url("/actuator/pyroscope/" + view + "?" + diffSelections(view, parameter)
							+ parameter + "=" + URLEncoder.encode(payload, StandardCharsets.UTF_8));
					String dom = HeadlessChromium.dumpDom(url);
					pages++;
					assertThat(dom).as(url).doesNotContain("data-injected=\"yes\"");
				}
			}
		}
		assertThat(pages).isEqualTo(16);
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pyroscopestarter.testsupport.ChildApplication;
import dev.pyroscopestarter.testsupport.IngestedProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter uploads holds neither the JVM's arguments nor its system properties: an application started with
 * a secret as a {@code -D} option (a canary, in a JVM of its own) uploads its windows, and no byte of any upload,
 * its recording and labels decompressed, contains it.
 */
class RecordingPrivacyTest {

	@RegisterExtension
	static WireMockExtension pyroscope = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@TempDir
	Path temp;

	@Test
	void noUploadHoldsASecretGivenAsASystemProperty() throws Exception {
		pyroscope.stubFor(post(urlPathEqualTo("/ingest")).willReturn(aResponse().withStatus(200)));
		String canary = "canary-" + UUID.randomUUID();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Ddb.password=" + canary, "-cp", System.getProperty("java.class.path"), ChildApplication.class.getName(),
				"--pyroscope.server-address=" + pyroscope.baseUrl(), "--pyroscope.upload-interval=1s",
				"--spring.main.banner-mode=off"));
		Path log = Files.createTempFile(this.temp, "child", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ends").isTrue();
		assertThat(process.exitValue()).as(Files.readString(log)).isZero();
		assertThat(Files.readString(log)).contains("PROFILER_STATE=RUNNING");

		List<LoggedRequest> requests = pyroscope.findAll(postRequestedFor(urlPathEqualTo("/ingest")));
		assertThat(requests).as("at least the last window, uploaded at shutdown").isNotEmpty();
		byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
		for (IngestedProfile upload : IngestedProfile.of(requests)) {
			assertThat(upload.events()).as("a readable recording").isNotEmpty();
			assertThat(indexOf(upload.jfr(), needle)).as("the canary in the recording").isEqualTo(-1);
			if (upload.labels() != null) {
				assertThat(indexOf(upload.labels().toByteArray(), needle)).as("the canary in the labels").isEqualTo(-1);
			}
			assertThat(indexOf(upload.request().getBody(), needle)).as("the canary in the request body").isEqualTo(-1);
			assertThat(upload.request().getUrl()).doesNotContain(canary);
			assertThat(upload.events()).noneMatch((event) -> event.getEventType().getName().equals("jdk.JVMInformation")
					|| event.getEventType().getName().equals("jdk.InitialSystemProperty"));
		}
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}

package dev.pyroscopestarter.compatibility;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import kotlin.KotlinVersion;
import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Spring Boot user gets with the starter and Boot's BOM alone: the Boot version asked for (so that the smoke
 * tests beside it really ran on it), one copy of each library the starter brings, and OkHttp 5 with a Kotlin
 * standard library that is at least the one OkHttp was built with.
 */
class UserClasspathTest {

	@Test
	void runsOnTheSpringBootVersionUnderTest() {
		assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("compatibility.spring-boot.version"));
	}

	@Test
	void okHttpIsVersion5AndComesOnce() throws IOException {
		assertThat(OkHttp.VERSION).startsWith("5.");
		assertThat(copiesOf("okhttp3/OkHttpClient.class")).hasSize(1).allMatch((url) -> url.contains("okhttp-jvm"));
		assertThat(copiesOf("okio/Buffer.class")).hasSize(1);
	}

	@Test
	void kotlinStandardLibraryIsBootsAndComesOnce() throws IOException {
		// OkHttp 5.5 is built against Kotlin 2.1; Boot manages kotlin-stdlib to a newer, compatible release.
		assertThat(KotlinVersion.CURRENT.isAtLeast(2, 1)).as("Kotlin %s", KotlinVersion.CURRENT).isTrue();
		assertThat(copiesOf("kotlin/KotlinVersion.class")).hasSize(1);
	}

	@Test
	void agentAndConverterComeOnce() throws IOException {
		assertThat(copiesOf("io/pyroscope/javaagent/PyroscopeAgent.class")).hasSize(1);
		assertThat(copiesOf("one/convert/JfrToFlame.class")).hasSize(1);
	}

	private static List<String> copiesOf(String resource) throws IOException {
		return Collections.list(UserClasspathTest.class.getClassLoader().getResources(resource))
			.stream()
			.map(URL::toString)
			.toList();
	}

}

package dev.pyroscopestarter.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.pyroscopestarter.testsupport.ChildJvm;
import dev.pyroscopestarter.testsupport.ChildJvm.Result;
import dev.pyroscopestarter.testsupport.LocalModeChildApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that leaves OkHttp out (README suggests it where only local mode is used) still profiles in local
 * mode: only uploads need it. Run in JVMs of their own whose class path lacks OkHttp and okio, as a user's build
 * with the exclusion has it; an address then fails startup naming the dependency.
 */
class WithoutOkHttpTest {

	@TempDir
	Path temp;

	@Test
	void localModeWorksWithOkHttpHiddenFromTheClassPath() throws Exception {
		Result result = runChild(withoutOkHttp(), "--pyroscope.upload-interval=1s");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.line("OKHTTP_PRESENT")).isEqualTo("false");
		assertThat(result.line("PROFILER_STATE")).isEqualTo("RUNNING");
		assertThat(Integer.parseInt(result.line("LOCAL_WINDOWS"))).as(result.output()).isPositive();
	}

	@Test
	void theControlSeesOkHttpOnTheTestsClassPath() throws Exception {
		Result result = runChild(System.getProperty("java.class.path"), "--pyroscope.upload-interval=1s");
		assertThat(result.line("OKHTTP_PRESENT")).isEqualTo("true");
		assertThat(result.line("PROFILER_STATE")).isEqualTo("RUNNING");
	}

	@Test
	void anAddressWithoutOkHttpFailsStartupNamingTheDependency() throws Exception {
		Result result = runChild(withoutOkHttp(), "--pyroscope.server-address=http://127.0.0.1:9");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("pyroscope.server-address")
			.contains("com.squareup.okhttp3:okhttp-jvm")
			.doesNotContain("NoClassDefFoundError");
	}

	private static String withoutOkHttp() {
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.contains("okhttp") && !entry.contains("okio"))
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
		return classPath;
	}

	private Result runChild(String classPath, String... arguments) throws IOException, InterruptedException {
		return ChildJvm.run(this.temp, classPath, List.of(), LocalModeChildApplication.class, arguments);
	}

}

package dev.pyroscopestarter.internal.profiler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.pyroscopestarter.testsupport.ChildApplication;
import dev.pyroscopestarter.testsupport.ChildJvm;
import dev.pyroscopestarter.testsupport.ChildJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What only a fresh JVM can show: with profiling disabled nothing native is loaded and no thread is created; a
 * native library that cannot be deployed leaves the application running (or, with fail-fast, fails it clearly).
 */
class ProcessIsolationTest {

	private static final String SERVER = "--pyroscope.server-address=http://127.0.0.1:9";

	@TempDir
	Path temp;

	@Test
	void disabledLoadsNoNativeLibraryAndStartsNoThread() throws Exception {
		Result result = runChild(List.of(), "--pyroscope.enabled=false", SERVER);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.line("NATIVE_PROFILER_LOADED")).isEqualTo("false");
		assertThat(result.line("THREADS")).doesNotContainIgnoringCase("pyroscope").doesNotContainIgnoringCase("okhttp");
		assertThat(result.line("PROFILER_STATE")).isEqualTo("none");
	}

	@Test
	void enabledLoadsTheNativeLibraryAndStartsTheScheduler() throws Exception {
		// The control for the test above: the same probes do see a running profiler.
		Result result = runChild(List.of(), SERVER);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.line("NATIVE_PROFILER_LOADED")).isEqualTo("true");
		assertThat(result.line("THREADS")).contains("PyroscopeProfilingScheduler");
		assertThat(result.line("PROFILER_STATE")).isEqualTo("RUNNING");
	}

	@Test
	void nativeLibraryThatCannotBeDeployedLeavesTheApplicationRunning() throws Exception {
		Result result = runChild(List.of("-Djava.io.tmpdir=" + this.temp.resolve("missing")), SERVER);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("Pyroscope profiling is off: the native profiler library could not be")
			.contains("pyroscope.fail-fast=true");
		assertThat(result.output().split("Pyroscope profiling is off", -1)).as("warned once").hasSize(2);
		assertThat(result.line("NATIVE_PROFILER_LOADED")).isEqualTo("false");
		assertThat(result.line("PROFILER_STATE")).isEqualTo("FAILED");
	}

	@Test
	void failFastTurnsANativeLibraryProblemIntoAClearStartupFailure() throws Exception {
		Result result = runChild(List.of("-Djava.io.tmpdir=" + this.temp.resolve("missing")), SERVER,
				"--pyroscope.fail-fast=true");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("The Pyroscope profiler could not start")
			.contains("pyroscope.fail-fast=false");
	}

	private Result runChild(List<String> jvmArguments, String... applicationArguments)
			throws IOException, InterruptedException {
		return ChildJvm.run(this.temp, System.getProperty("java.class.path"), jvmArguments, ChildApplication.class,
				applicationArguments);
	}

}

package dev.pyroscopestarter.benchmarks;

import java.util.Map;

import dev.pyroscopestarter.benchmarks.ProcessProbes.ThreadCpu;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What is read of a demo process: its threads' CPU from {@code /proc}, their grouping, NMT's summary. */
class ProcessProbesTest {

	@Test
	void aThreadsCpuIsItsUserAndSystemTicksOfTenMilliseconds() {
		// Fields after the name: state (3), ..., utime (14) = 150, stime (15) = 50.
		ThreadCpu thread = ProcessProbes.threadCpu("4242 (C2 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0 20 0");
		assertThat(thread.name()).isEqualTo("C2 CompilerThre");
		assertThat(thread.nanos()).isEqualTo(2_000_000_000L);
	}

	@Test
	void aThreadNameMayHoldSpacesAndParentheses() {
		ThreadCpu thread = ProcessProbes.threadCpu("7 (odd) name)) R 1 2 3 4 5 6 7 8 9 10 3 4 0 0");
		assertThat(thread.name()).isEqualTo("odd) name)");
		assertThat(thread.nanos()).isEqualTo(70_000_000L);
	}

	@Test
	void cpuBetweenTwoReadingsCountsOnlyMatchingThreadsAndNewOnesFromZero() {
		Map<String, ThreadCpu> before = Map.of("1", new ThreadCpu("C1 CompilerThre", 100), "2",
				new ThreadCpu("http-nio-8080-e", 1_000), "3", new ThreadCpu("C2 CompilerThre", 50));
		Map<String, ThreadCpu> after = Map.of("1", new ThreadCpu("C1 CompilerThre", 400), "2",
				new ThreadCpu("http-nio-8080-e", 9_000), "3", new ThreadCpu("C2 CompilerThre", 80), "4",
				new ThreadCpu("C2 CompilerThre", 25));
		// 300 + 30 + 25 (thread 4 started in between); the request thread is not the JIT's.
		assertThat(ProcessProbes.cpuBetween(before, after, ProcessProbes::jit)).isEqualTo(355);
		assertThat(ProcessProbes.cpuBetween(before, after, (name) -> name.startsWith("http-"))).isEqualTo(8_000);
	}

	@Test
	void theJitsAndTheProfilingsThreadsAreKnownByTheirKernelNames() {
		assertThat(ProcessProbes.jit("C1 CompilerThre")).isTrue();
		assertThat(ProcessProbes.jit("C2 CompilerThre")).isTrue();
		assertThat(ProcessProbes.jit("G1 Conc#0")).isFalse();
		for (String name : new String[] { "PyroscopeProfil", "pyroscope-uploa", "Async-profiler ", "OkHttp TaskRunn",
				"Okio Watchdog", "Thread-3" }) {
			assertThat(ProcessProbes.profiling(name)).as(name).isTrue();
		}
		assertThat(ProcessProbes.profiling("http-nio-8080-e")).isFalse();
		assertThat(ProcessProbes.profiling("C2 CompilerThre")).isFalse();
	}

	@Test
	void nativeMemoryIsReadFromNmtsSummaryInMegabytes() {
		String summary = """
				Native Memory Tracking:

				Total: reserved=1700000KB, committed=409600KB
				-                 Java Heap (reserved=262144KB, committed=262144KB)
				                            (mmap: reserved=262144KB, committed=262144KB)

				-                     Class (reserved=1050000KB, committed=10240KB)
				                            (classes #12000)
				                            (  instance classes #11000, array classes #1000)
				                            (malloc=2000KB #20000)
				                            (mmap: reserved=1048576KB, committed=8000KB)
				                            (  Metadata:   )
				                            (    reserved=60000KB, committed=51200KB)
				                            (    used=49000KB)
				                            (  Class space:)
				                            (    reserved=1048576KB, committed=7168KB)
				                            (    used=7000KB)

				-                    Thread (reserved=30000KB, committed=3072KB)
				                            (thread #30)
				                            (stack: reserved=29000KB, committed=2000KB)
				""";
		Map<String, Double> memory = ProcessProbes.nativeMemory(summary);
		assertThat(memory.get("Total")).isCloseTo(400.0, within(1e-9));
		assertThat(memory.get("Java Heap")).isCloseTo(256.0, within(1e-9));
		assertThat(memory.get("Class")).isCloseTo(10.0, within(1e-9));
		assertThat(memory.get("Class: metadata")).isCloseTo(50.0, within(1e-9));
		assertThat(memory.get("Class: class space")).isCloseTo(7.0, within(1e-9));
		assertThat(memory.get("Thread")).isCloseTo(3.0, within(1e-9));
		assertThat(memory.get("classes")).isEqualTo(12_000.0);
		assertThat(memory.get("threads")).isEqualTo(30.0);
	}

}

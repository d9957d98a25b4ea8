package dev.pyroscopestarter.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a JVM of its own, for tests that need a pristine process or another class path, and returns
 * its exit code and output.
 */
public final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Runs {@code mainClass} and waits for it, two minutes at most.
	 * @param logDirectory where the child's output is written
	 * @param classPath the child's class path
	 * @param jvmArguments options before the class path
	 * @param mainClass the class to run
	 * @param arguments its arguments; Spring Boot's banner is switched off after them
	 */
	public static Result run(Path logDirectory, String classPath, List<String> jvmArguments, Class<?> mainClass,
			String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.addAll(List.of("-cp", classPath, mainClass.getName()));
		command.addAll(List.of(arguments));
		command.add("--spring.main.banner-mode=off");
		Path log = Files.createTempFile(logDirectory, "child", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("child JVM did not finish: " + Files.readString(log));
		}
		return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}

	/**
	 * What a child JVM did.
	 *
	 * @param exitCode its exit code
	 * @param output what it wrote, standard error included
	 */
	public record Result(int exitCode, String output) {

		/** The value of the first {@code key=value} line. */
		public String line(String key) {
			return output().lines()
				.filter((l) -> l.startsWith(key + "="))
				.map((l) -> l.substring(key.length() + 1))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + key + " in:\n" + output()));
		}

	}

}

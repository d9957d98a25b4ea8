package dev.pyroscopestarter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's {@code chromium}, headless, as a person's browser: it loads a page, runs its scripts, and gives back a
 * screenshot or the DOM as the scripts left it. Each run has a fresh profile directory and no network besides
 * the page asked for.
 */
public final class HeadlessChromium {

	private static final Path BINARY = Path.of("/usr/bin/chromium");

	private static final long TIMEOUT_SECONDS = 90;

	private HeadlessChromium() {
	}

	/** Skips the test where Chromium is missing, except on CI ({@code CI=true}), where it must be there. */
	public static void assumeInstalled() {
		if (Files.isExecutable(BINARY)) {
			return;
		}
		String message = "Headless Chromium is needed at " + BINARY + " (Debian package 'chromium'; .ci/run installs it)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message);
		}
		Assumptions.abort(message);
	}

	/** Saves a PNG of the page as rendered in a 1400x900 window. */
	public static void screenshot(String url, Path png) {
		run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,900", url));
		if (!Files.isRegularFile(png)) {
			fail("Chromium wrote no screenshot to " + png);
		}
	}

	/** The page's DOM after its scripts ran. */
	public static String dumpDom(String url) {
		return run(List.of("--dump-dom", "--window-size=1400,900", url));
	}

	private static String run(List<String> arguments) {
		Path profile = null;
		Path output = null;
		try {
			profile = Files.createTempDirectory("chromium-profile");
			output = Files.createTempFile("chromium-out", ".txt");
			List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
					"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
					"--user-data-dir=" + profile));
			command.addAll(arguments);
			Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s");
			}
			if (process.exitValue() != 0) {
				fail("Chromium exited with " + process.exitValue());
			}
			return Files.readString(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			try {
				if (profile != null) {
					FileSystemUtils.deleteRecursively(profile);
				}
				if (output != null) {
					Files.deleteIfExists(output);
				}
			}
			catch (IOException ex) {
				// Temporary files only.
			}
		}
	}

}

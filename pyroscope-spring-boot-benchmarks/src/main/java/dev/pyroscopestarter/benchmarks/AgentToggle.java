package dev.pyroscopestarter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Stops and starts the official agent inside a running JVM that was started with it ({@code -javaagent}), so that
 * {@link OverheadBenchmark} can measure the agent by hand on and off in one JVM, as it does the starter through its
 * actuator endpoint. Loaded into that JVM through the attach API: its {@code agentmain} calls the agent's own
 * {@code PyroscopeAgent.stop()} or {@code start()} (which reads the same environment as at launch) and fails the
 * attach when the agent is not in the state asked for afterwards.
 */
public final class AgentToggle {

	private static final String AGENT = "io.pyroscope.javaagent.PyroscopeAgent";

	private AgentToggle() {
	}

	/** @param action {@code start} or {@code stop} */
	public static void agentmain(String action) throws Exception {
		Class<?> agent = Class.forName(AGENT, true, ClassLoader.getSystemClassLoader());
		if (!action.equals("start") && !action.equals("stop")) {
			throw new IllegalArgumentException("start or stop, not " + action);
		}
		agent.getMethod(action).invoke(null);
		Method started = agent.getMethod("isStarted");
		if ((boolean) started.invoke(null) != action.equals("start")) {
			throw new IllegalStateException("the agent did not " + action);
		}
	}

	/** A jar holding this class alone, with the manifest attribute that lets it be loaded into a running JVM. */
	static Path jar() throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(new Attributes.Name("Agent-Class"), AgentToggle.class.getName());
		Path jar = Files.createTempFile("agent-toggle", ".jar");
		jar.toFile().deleteOnExit();
		String entry = AgentToggle.class.getName().replace('.', '/') + ".class";
		try (OutputStream file = Files.newOutputStream(jar);
				JarOutputStream out = new JarOutputStream(file, manifest);
				InputStream in = AgentToggle.class.getClassLoader().getResourceAsStream(entry)) {
			if (in == null) {
				throw new IllegalStateException("no " + entry + " on the class path");
			}
			out.putNextEntry(new JarEntry(entry));
			in.transferTo(out);
			out.closeEntry();
		}
		return jar;
	}

}

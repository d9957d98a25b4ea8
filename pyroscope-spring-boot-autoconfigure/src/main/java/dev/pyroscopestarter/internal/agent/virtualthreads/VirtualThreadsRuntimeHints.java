package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * {@code Thread.isVirtual()}, which {@link VirtualThreads} finds with a method handle so that the starter still runs
 * on Java 17, kept in a native image. The JDK-internal {@code Continuation} that the {@code pin} mode uses is left
 * out: without it a native image falls back to {@code skip}, as a JVM does without the export.
 */
class VirtualThreadsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(Thread.class, (type) -> type.withMethod("isVirtual", List.of(), ExecutableMode.INVOKE));
	}

}

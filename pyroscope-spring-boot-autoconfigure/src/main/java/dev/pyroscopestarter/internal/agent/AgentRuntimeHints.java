package dev.pyroscopestarter.internal.agent;

import java.util.List;

import io.pyroscope.labels.v2.ConstantContext;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.ScopedContext;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * The agent internals that {@link NativeContexts} reaches with method and var handles, so that a native image keeps
 * them (a native image only keeps members that are registered for reflection). The profiler itself does not run
 * in a native image: {@code PyroscopeProfiler} turns itself off there.
 */
class AgentRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(ScopedContext.class,
					(type) -> type.withField("contextId")
						.withConstructor(List.of(TypeReference.of(LabelsSet.class), TypeReference.of(long.class)),
								ExecutableMode.INVOKE))
			.registerType(ConstantContext.class, (type) -> type.withField("contextId"));
	}

}

package dev.pyroscopestarter.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Matches when profiling is on: the Pyroscope agent is on the classpath and {@code pyroscope.enabled} is not
 * {@code false}. The one place that switch is read.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnClass(name = ConditionalOnProfiling.AGENT_CLASS)
@ConditionalOnBooleanProperty(name = PyroscopeProperties.ENABLED, matchIfMissing = true)
public @interface ConditionalOnProfiling {

	/** A class of {@code io.pyroscope:agent}, named so that this annotation loads without it. */
	String AGENT_CLASS = "io.pyroscope.javaagent.PyroscopeAgent";

}

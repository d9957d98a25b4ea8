package dev.pyroscopestarter.autoconfigure.labels;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;

/**
 * Turns on Reactor's automatic context propagation, which applies the labels of a chain's context around each of
 * its pieces, unless the application chose otherwise with {@value #PROPERTY}. Spring Boot turns it on for
 * {@code auto} only; the starter makes {@code auto} the default, as labels do not follow reactive work without it.
 * Turned off again on close if it was off before.
 */
final class ReactorContextPropagation implements InitializingBean, DisposableBean {

	static final String HOOKS_CLASS = "reactor.core.publisher.Hooks";

	static final String PROPERTY = "spring.reactor.context-propagation";

	private static final Log logger = LogFactory.getLog(ReactorContextPropagation.class);

	private final boolean wanted;

	private boolean enabledHere;

	ReactorContextPropagation(Environment environment) {
		String mode = environment.getProperty(PROPERTY);
		this.wanted = (mode == null || mode.strip().equalsIgnoreCase("auto"));
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.wanted) {
			logger.info("Pyroscope labels follow Reactor chains only with " + PROPERTY
					+ "=auto: reactive work runs without them beyond its first synchronous piece.");
			return;
		}
		if (!Hooks.isAutomaticContextPropagationEnabled()) {
			Hooks.enableAutomaticContextPropagation();
			this.enabledHere = true;
		}
	}

	@Override
	public void destroy() {
		if (this.enabledHere) {
			Hooks.disableAutomaticContextPropagation();
		}
	}

}

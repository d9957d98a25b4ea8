package dev.pyroscopestarter.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code pyroscope.server-address} has text: profiles are uploaded rather than kept in local mode.
 * A blank address means local mode, which {@code @ConditionalOnProperty} would not see.
 */
class OnServerAddressCondition extends SpringBootCondition {

	static final String SERVER_ADDRESS = PyroscopeProperties.PREFIX + ".server-address";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (StringUtils.hasText(context.getEnvironment().getProperty(SERVER_ADDRESS))) {
			return ConditionOutcome.match(SERVER_ADDRESS + " is set: uploading");
		}
		return ConditionOutcome.noMatch(SERVER_ADDRESS + " is not set: local mode");
	}

}

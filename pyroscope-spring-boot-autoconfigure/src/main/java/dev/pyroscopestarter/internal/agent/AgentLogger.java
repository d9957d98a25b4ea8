package dev.pyroscopestarter.internal.agent;

import java.util.IllegalFormatException;

import io.pyroscope.javaagent.api.Logger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Routes the agent's own messages into the application's logging under {@code io.pyroscope.agent}, one level
 * quieter than the agent chose (the starter reports starts, stops and upload problems itself). The agent's
 * configuration dump is never forwarded: it shows the server address, which may carry credentials, and headers.
 */
final class AgentLogger implements Logger {

	private static final Log logger = LogFactory.getLog("io.pyroscope.agent");

	private volatile @Nullable String lastError;

	@Override
	public void log(Level level, String message, Object... args) {
		if (message.startsWith("Config")) {
			return;
		}
		String text = format(message, args);
		switch (level) {
			case ERROR -> {
				this.lastError = text;
				logger.warn(text);
			}
			case WARN -> logger.info(text);
			case INFO -> logger.debug(text);
			default -> logger.trace(text);
		}
	}

	/** The last error the agent reported, or null. */
	@Nullable String lastError() {
		return this.lastError;
	}

	private static String format(String message, Object... args) {
		try {
			return String.format(message, args);
		}
		catch (IllegalFormatException ex) {
			return message;
		}
	}

}

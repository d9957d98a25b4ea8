package dev.pyroscopestarter.internal.config;

import java.util.regex.Pattern;

/**
 * Text from outside (a server's error body, an I/O error's message, a request parameter) made fit for logs, health,
 * the actuator and plain-text answers: control, line-separator and bidi-override characters replaced, so that it
 * cannot forge lines, and user info in URLs removed.
 */
public final class Sanitized {

	private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]*@");

	private Sanitized() {
	}

	public static String text(String text) {
		StringBuilder clean = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			clean.append((Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202e') ? ' ' : c);
		}
		return USER_INFO.matcher(clean).replaceAll("$1");
	}

}

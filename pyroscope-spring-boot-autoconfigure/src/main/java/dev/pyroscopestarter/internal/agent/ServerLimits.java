package dev.pyroscopestarter.internal.agent;

/**
 * What a Pyroscope server accepts of an upload's labels by default ({@code validation.*} limits): beyond them it
 * refuses the whole upload with a 422, so labels are fitted to them before they leave.
 */
public final class ServerLimits {

	/** Label names one series may have, those the server adds included. */
	public static final int MAX_LABEL_NAMES = 30;

	/** Longest label name, in bytes. */
	public static final int MAX_NAME_LENGTH = 1024;

	/** Longest label value, in bytes. */
	public static final int MAX_VALUE_LENGTH = 2048;

	/**
	 * Names every series of a JFR upload has beside the static labels of its {@code name}: {@code __name__},
	 * {@code __delta__}, {@code jfr_event}, {@code pyroscope_spy} and {@code service_name}.
	 */
	static final int SERVER_LABEL_NAMES = 5;

	private ServerLimits() {
	}

	/** The length of {@code text} in UTF-8. */
	public static int utf8Length(CharSequence text) {
		int length = text.length();
		int bytes = 0;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

	/**
	 * {@code text} cut to at most {@code maxBytes} bytes of UTF-8, never inside a character; {@code text} itself
	 * when it fits.
	 */
	public static String cutToBytes(String text, int maxBytes) {
		// A char takes at most 3 bytes (a surrogate pair 4 for two chars): short texts always fit.
		if (text.length() * 3 <= maxBytes) {
			return text;
		}
		int bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1));
			int size = (c < 0x80) ? 1 : (c < 0x800) ? 2 : pair ? 4 : 3;
			if (bytes + size > maxBytes) {
				return text.substring(0, i);
			}
			bytes += size;
			if (pair) {
				i++;
			}
		}
		return text;
	}

	/** Whether {@code text} is longer than {@code maxBytes} bytes of UTF-8. */
	public static boolean longerThan(String text, int maxBytes) {
		return text.length() * 3 > maxBytes && utf8Length(text) > maxBytes;
	}

}

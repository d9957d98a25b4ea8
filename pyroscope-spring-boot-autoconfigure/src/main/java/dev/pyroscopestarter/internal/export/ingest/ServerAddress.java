package dev.pyroscopestarter.internal.export.ingest;

/**
 * Renders a server address for humans: scheme, host, port and path, never the user info that may hold
 * credentials.
 */
public final class ServerAddress {

	private ServerAddress() {
	}

	/**
	 * Read as OkHttp, which sends the uploads, reads it: host names with '_' (Docker Compose service names) are
	 * hosts there, though not to {@code java.net.URI}.
	 */
	public static String withoutCredentials(String address) {
		okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(address);
		if (url == null) {
			return "(not a URL)";
		}
		String shown = url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
		return (shown.endsWith("/") && !address.endsWith("/")) ? shown.substring(0, shown.length() - 1) : shown;
	}

}

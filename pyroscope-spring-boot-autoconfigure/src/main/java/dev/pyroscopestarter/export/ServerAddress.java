package dev.pyroscopestarter.export;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Renders a server address for humans: scheme, host, port and path, never the user info that may hold
 * credentials.
 */
public final class ServerAddress {

	private ServerAddress() {
	}

	public static String withoutCredentials(String address) {
		if (address == null) {
			return null;
		}
		try {
			URI uri = new URI(address);
			if (uri.getHost() == null) {
				return withoutCredentialsByOkHttp(address);
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (URISyntaxException ex) {
			return withoutCredentialsByOkHttp(address);
		}
	}

	// Host names with '_' are no hosts to java.net.URI, but OkHttp accepts them.
	private static String withoutCredentialsByOkHttp(String address) {
		okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(address);
		if (url == null) {
			return "(not a URL)";
		}
		String shown = url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
		return (shown.endsWith("/") && !address.endsWith("/")) ? shown.substring(0, shown.length() - 1) : shown;
	}

}

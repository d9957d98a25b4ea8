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
				return "(not a URL)";
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (URISyntaxException ex) {
			return "(not a URL)";
		}
	}

}

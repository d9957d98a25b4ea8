package dev.pyroscopestarter.export;

import java.util.Objects;

/**
 * What authenticates uploads: a bearer token, or a basic-auth pair. Never printed.
 */
public final class IngestCredentials {

	private final String authToken;

	private final String basicAuthUser;

	private final String basicAuthPassword;

	public IngestCredentials(String authToken, String basicAuthUser, String basicAuthPassword) {
		this.authToken = authToken;
		this.basicAuthUser = basicAuthUser;
		this.basicAuthPassword = basicAuthPassword;
	}

	public String authToken() {
		return this.authToken;
	}

	public String basicAuthUser() {
		return this.basicAuthUser;
	}

	public String basicAuthPassword() {
		return this.basicAuthPassword;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof IngestCredentials that && Objects.equals(this.authToken, that.authToken)
				&& Objects.equals(this.basicAuthUser, that.basicAuthUser)
				&& Objects.equals(this.basicAuthPassword, that.basicAuthPassword);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.authToken, this.basicAuthUser, this.basicAuthPassword);
	}

	@Override
	public String toString() {
		return "IngestCredentials{token=" + mask(this.authToken) + ", basicAuth=" + mask(this.basicAuthPassword) + "}";
	}

	private static String mask(String value) {
		return (value == null || value.isEmpty()) ? "none" : "******";
	}

}

package dev.pyroscopestarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where profiles are uploaded, and with which tenant and credentials where the source knows them. Backed by the
 * {@code pyroscope.*} properties unless the application, Docker Compose or Testcontainers supplies one; a bean of
 * this type turns uploads on as {@code pyroscope.server-address} does.
 *
 * @since 0.1.0
 */
public interface PyroscopeConnectionDetails extends ConnectionDetails {

	/**
	 * The server's base URL, for example {@code http://localhost:4040}.
	 * @return the base URL
	 */
	String getServerAddress();

	/**
	 * The tenant sent as {@code X-Scope-OrgID}.
	 * @return the tenant, or {@code null} for none
	 */
	default @Nullable String getTenantId() {
		return null;
	}

	/**
	 * The bearer token uploads authenticate with.
	 * @return the token, or {@code null} for none
	 */
	default @Nullable String getAuthToken() {
		return null;
	}

	/**
	 * The basic-authentication user name (Grafana Cloud: the stack's user id).
	 * @return the user name, or {@code null} for none
	 */
	default @Nullable String getBasicAuthUsername() {
		return null;
	}

	/**
	 * The basic-authentication password.
	 * @return the password, or {@code null} for none
	 */
	default @Nullable String getBasicAuthPassword() {
		return null;
	}

}

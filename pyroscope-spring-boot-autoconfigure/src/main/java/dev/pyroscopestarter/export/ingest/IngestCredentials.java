package dev.pyroscopestarter.export.ingest;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * What authenticates uploads: a bearer token, or a basic-auth pair; blank values count as none. Never printed.
 */
public final class IngestCredentials {

	private final @Nullable String authToken;

	private final @Nullable String basicAuthUser;

	private final @Nullable String basicAuthPassword;

	public IngestCredentials(@Nullable String authToken, @Nullable String basicAuthUser,
			@Nullable String basicAuthPassword) {
		this.authToken = textOrNull(authToken);
		this.basicAuthUser = textOrNull(basicAuthUser);
		this.basicAuthPassword = textOrNull(basicAuthPassword);
	}

	/** No credentials. */
	public static IngestCredentials none() {
		return new IngestCredentials(null, null, null);
	}

	private static @Nullable String textOrNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	public @Nullable String authToken() {
		return this.authToken;
	}

	public @Nullable String basicAuthUser() {
		return this.basicAuthUser;
	}

	public @Nullable String basicAuthPassword() {
		return this.basicAuthPassword;
	}

	@Override
	public boolean equals(@Nullable Object other) {
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

	private static String mask(@Nullable String value) {
		return (value == null) ? "none" : "******";
	}

}

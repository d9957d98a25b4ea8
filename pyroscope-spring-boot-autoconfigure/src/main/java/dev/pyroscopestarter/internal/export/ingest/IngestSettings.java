package dev.pyroscopestarter.internal.export.ingest;

import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.internal.agent.IngestNames;
import dev.pyroscopestarter.internal.agent.ServerLimits;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Where and how profiles are uploaded. Holds credentials: its {@link #toString()} shows none of them.
 *
 * @param serverAddress the server's base URL (it may carry user info)
 * @param ingestName the {@code name} uploads are stored under: application name and static labels
 * @param tenantId the tenant sent as {@code X-Scope-OrgID}, or null
 * @param headers further request headers (values may be secret)
 * @param credentials token or basic-auth pair
 * @param timeout time allowed for one attempt, connecting included
 * @param queueCapacity profiles waiting at most; the oldest is dropped beyond it
 * @param queueMaxBytes bytes of profiles held at most, the one in flight included; the oldest is dropped beyond it
 * @param maxAttempts attempts per profile, the first included
 * @param initialBackoff wait before the first retry
 * @param maxBackoff longest wait between attempts
 * @param proxy the HTTP proxy to go through, or null for the JVM's own choice ({@code http.proxyHost} and the like)
 * @param tls the TLS material to trust the server with (and to present to it), or null for the JVM's defaults
 */
public record IngestSettings(String serverAddress, String ingestName, @Nullable String tenantId,
		Map<String, String> headers, IngestCredentials credentials, Duration timeout, int queueCapacity,
		long queueMaxBytes, int maxAttempts, Duration initialBackoff, Duration maxBackoff, @Nullable Proxy proxy,
		@Nullable Tls tls) {

	public IngestSettings {
		headers = Map.copyOf(headers);
	}

	/** How uploads authenticate, with the agent's precedence; the one place that decides it. */
	public Authentication authentication() {
		if (this.credentials.basicAuthUser() != null && this.credentials.basicAuthPassword() != null) {
			return Authentication.BASIC;
		}
		HttpUrl url = HttpUrl.parse(this.serverAddress);
		if (url != null && !url.username().isEmpty() && !url.password().isEmpty()) {
			return Authentication.BASIC_IN_ADDRESS;
		}
		return (this.credentials.authToken() != null) ? Authentication.BEARER_TOKEN : Authentication.NONE;
	}

	/** The same settings with other credentials. */
	public IngestSettings withCredentials(IngestCredentials credentials) {
		return new IngestSettings(this.serverAddress, this.ingestName, this.tenantId, this.headers, credentials,
				this.timeout, this.queueCapacity, this.queueMaxBytes, this.maxAttempts, this.initialBackoff,
				this.maxBackoff, this.proxy, this.tls);
	}

	/**
	 * The most dynamic label names one sample may carry: what the server's limit on names per series leaves beside
	 * the static labels and those it adds.
	 */
	public int maxDynamicLabelNames() {
		return Math.max(0, ServerLimits.MAX_LABEL_NAMES - IngestNames.fixedLabelNames(this.ingestName));
	}

	/** The server address as it may be shown: without user info. */
	public String displayAddress() {
		return ServerAddress.withoutCredentials(this.serverAddress);
	}

	@Override
	public String toString() {
		return "IngestSettings{server=" + displayAddress() + ", name=" + this.ingestName + ", authentication="
				+ authentication() + ", headers=" + this.headers.keySet()
				+ ((this.proxy != null) ? ", proxy=" + this.proxy.host() + ":" + this.proxy.port() : "")
				+ ((this.tls != null) ? ", ssl-bundle=" + this.tls.bundle() : "") + "}";
	}

	/**
	 * TLS material, from a Spring Boot SSL bundle: a private CA to trust, a client certificate to present.
	 *
	 * @param bundle the bundle's name, for messages
	 * @param sslContext the context the connections are made with
	 * @param trustManager the trust manager of that context
	 */
	public record Tls(String bundle, SSLContext sslContext, X509TrustManager trustManager) {

		@Override
		public String toString() {
			return "Tls[bundle=" + this.bundle + "]";
		}

	}

	/**
	 * An HTTP proxy. Its password is never printed.
	 *
	 * @param host the proxy's host
	 * @param port the proxy's port
	 * @param username the user to authenticate as when the proxy asks (407), or null
	 * @param password that user's password, or null
	 */
	public record Proxy(String host, int port, @Nullable String username, @Nullable String password) {

		@Override
		public String toString() {
			return "Proxy[" + this.host + ":" + this.port + ", user=" + this.username + "]";
		}

	}

	/** How uploads authenticate. */
	public enum Authentication {

		/** Basic authentication with the configured username and password. */
		BASIC,

		/** Basic authentication with the user info of the server address. */
		BASIC_IN_ADDRESS,

		/** A bearer token. */
		BEARER_TOKEN,

		/** None. */
		NONE

	}

}

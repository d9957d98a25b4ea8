package dev.pyroscopestarter.internal.export.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.export.ingest.IngestCredentials;
import dev.pyroscopestarter.internal.config.Sanitized;
import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Makes one attempt at sending a profile to the ingest API and says how it went; retrying is the caller's choice.
 * The attempt in flight can be cancelled from another thread.
 */
final class IngestSender {

	private static final Pattern NEXT_RESET = Pattern.compile("next reset at (\\S+?)[.,;]?(?:\\s|$)");

	private static final int MAX_ERROR_BODY = 200;

	private final OkHttpClient client;

	private volatile IngestRequestFactory requests;

	private final Object lock = new Object();

	private @Nullable Call current;

	private boolean cancelled;

	IngestSender(IngestSettings settings) {
		this.requests = new IngestRequestFactory(settings);
		Duration timeout = settings.timeout();
		// Redirects are not followed: a redirect would carry the credentials, the tenant and the profile to an
		// address nobody configured (OkHttp follows them by default, https to http included).
		OkHttpClient.Builder client = new OkHttpClient.Builder().connectTimeout(timeout)
			.readTimeout(timeout)
			.writeTimeout(timeout)
			.callTimeout(timeout)
			.followRedirects(false)
			.followSslRedirects(false);
		IngestSettings.Proxy proxy = settings.proxy();
		if (proxy != null) {
			client.proxy(new java.net.Proxy(java.net.Proxy.Type.HTTP,
					InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
			if (proxy.username() != null && proxy.password() != null) {
				String credentials = Credentials.basic(proxy.username(), proxy.password());
				client.proxyAuthenticator((route, response) -> (response.request().header("Proxy-Authorization") != null)
						? null : response.request().newBuilder().header("Proxy-Authorization", credentials).build());
			}
		}
		IngestSettings.Tls tls = settings.tls();
		if (tls != null) {
			client.sslSocketFactory(tls.sslContext().getSocketFactory(), tls.trustManager());
		}
		// Without a proxy of its own, OkHttp asks the JVM's ProxySelector: http.proxyHost, https.proxyHost and
		// http.nonProxyHosts apply.
		this.client = client.build();
	}

	IngestSettings settings() {
		return this.requests.settings();
	}

	/** Builds the following requests with other credentials. */
	void useCredentials(IngestCredentials credentials) {
		this.requests = new IngestRequestFactory(settings().withCredentials(credentials));
	}

	/** A profile's request body, compressed once and sent as many times as needed. */
	IngestRequestFactory.PreparedBody prepare(ProfileWindow window, byte[] labels) {
		return this.requests.prepare(window, labels);
	}

	/** One attempt. Never throws for an answer or an I/O error: the result says what happened. */
	Attempt send(ProfileWindow window, IngestRequestFactory.PreparedBody body) {
		long started = System.nanoTime();
		Call call;
		synchronized (this.lock) {
			this.cancelled = false;
			call = this.client.newCall(this.requests.create(window, body));
			this.current = call;
		}
		try (Response response = call.execute()) {
			int status = response.code();
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			if (response.isSuccessful()) {
				return new Attempt(Result.DELIVERED, status, null, took, null);
			}
			String text = errorBody(response.body());
			String detail = status + " " + text;
			Duration quotaReset = (status == 429) ? quotaReset(text, Instant.now()) : null;
			if (quotaReset != null) {
				return new Attempt(Result.QUOTA, status, detail, took, quotaReset);
			}
			Result result = (status == 429 || status >= 500) ? Result.RETRY
					: (status == 401 || status == 403) ? Result.UNAUTHORIZED : Result.REJECTED;
			return new Attempt(result, status, detail, took, retryAfter(response));
		}
		catch (IOException ex) {
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			if (wasCancelled(call)) {
				return new Attempt(Result.CANCELLED, 0, "cancelled at shutdown", took, null);
			}
			return new Attempt(Result.RETRY, 0, Sanitized.text(ex.getClass().getSimpleName() + ": " + ex.getMessage()),
					took, null);
		}
		finally {
			synchronized (this.lock) {
				this.current = null;
			}
		}
	}

	/** Cancels the attempt in flight, if any: it ends as {@link Result#CANCELLED}. */
	void cancel() {
		synchronized (this.lock) {
			if (this.current != null) {
				this.cancelled = true;
				this.current.cancel();
			}
		}
	}

	/** Releases the HTTP client's threads and connections. */
	void close() {
		cancel();
		this.client.dispatcher().executorService().shutdown();
		this.client.connectionPool().evictAll();
	}

	// OkHttp also cancels calls that time out: only a cancel() from here counts.
	private boolean wasCancelled(Call call) {
		synchronized (this.lock) {
			return this.cancelled && call == this.current;
		}
	}

	/**
	 * How long until a used-up ingestion quota resets, from Pyroscope's 429 text ("limit of X/period reached, next
	 * reset at 2026-12-06T13:00:00Z"), or null when the text says no reset time.
	 */
	static @Nullable Duration quotaReset(String body, Instant now) {
		Matcher matcher = NEXT_RESET.matcher(body);
		if (!matcher.find()) {
			return null;
		}
		try {
			Duration wait = Duration.between(now, OffsetDateTime.parse(matcher.group(1)).toInstant());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** How long a 429 or 503 asks to wait ({@code Retry-After}: seconds or an HTTP date), or null. */
	static @Nullable Duration retryAfter(Response response) {
		if (response.code() != 429 && response.code() != 503) {
			return null;
		}
		String value = response.header("Retry-After");
		if (value == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				Instant until = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(Instant.now(), until);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	// Reads at most a little more than is shown: a hostile proxy's endless body must not fill the heap.
	private static String errorBody(@Nullable ResponseBody body) {
		if (body == null) {
			return "";
		}
		try {
			BufferedSource source = body.source();
			source.request(MAX_ERROR_BODY + 1L);
			long available = Math.min(source.getBuffer().size(), MAX_ERROR_BODY + 1L);
			String text = source.getBuffer().readUtf8(available).strip();
			return Sanitized.text((text.length() > MAX_ERROR_BODY) ? text.substring(0, MAX_ERROR_BODY) + "..." : text);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** How an attempt ended. */
	enum Result {

		/** The server accepted the profile. */
		DELIVERED,

		/** A 429, a 5xx or an I/O error: worth trying again. */
		RETRY,

		/** A 429 for a used-up quota, with the time it resets: waiting for it may help, retrying sooner cannot. */
		QUOTA,

		/** A 4xx that retrying cannot fix. */
		REJECTED,

		/** 401 or 403: the credentials were refused. */
		UNAUTHORIZED,

		/** Given up from outside, at a flush deadline or on close. */
		CANCELLED

	}

	/**
	 * One attempt.
	 *
	 * @param result how it ended
	 * @param status the HTTP status, or 0 when there was no answer
	 * @param detail what went wrong, without credentials; null on success
	 * @param took how long it took
	 * @param retryAfter how long the server asked to wait before the next attempt, or null
	 */
	record Attempt(Result result, int status, @Nullable String detail, Duration took,
			@Nullable Duration retryAfter) {

		/** What went wrong: the detail, which every attempt but a delivered one has. */
		String failure() {
			return (this.detail != null) ? this.detail : this.result.name().toLowerCase(Locale.ROOT);
		}

	}

}

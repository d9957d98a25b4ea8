package dev.pyroscopestarter.internal.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@code pyroscope.profile.url} of a profiled span from a URL template: {@code {spanId}} (16 hex
 * digits), {@code {traceId}} (32 hex digits), {@code {applicationName}} (URL-encoded), {@code {baseUrl}} (this
 * application's base URL), and the time range {@code {from}}/{@code {to}} in milliseconds since the epoch or
 * {@code {fromSeconds}}/{@code {toSeconds}}. The range starts a minute before the span (a profile is stored
 * under the start of its window) and ends an hour after it, as the span's end is not known when it starts.
 * <p>
 * The template is checked when built: an unknown placeholder, or a URL that is not absolute http(s) or carries
 * user info, is refused, so that no span ever carries a credential.
 */
public final class ProfileUrlTemplate {

	public static final String PROFILE_URL_ATTRIBUTE = "pyroscope.profile.url";

	static final Duration BEFORE = Duration.ofMinutes(1);

	static final Duration AFTER = Duration.ofHours(1);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)\\}");

	private static final Set<String> PLACEHOLDERS = Set.of("spanId", "traceId", "applicationName", "baseUrl", "from",
			"to", "fromSeconds", "toSeconds");

	/** Literal text at even indexes, placeholder names at odd ones. */
	private final List<String> parts;

	private final String applicationName;

	private final Supplier<String> baseUrl;

	/**
	 * @param template the URL with placeholders
	 * @param applicationName the name profiles are stored under
	 * @param baseUrl this application's base URL, without a trailing slash, asked for each URL (its port may be
	 * known only once the web server runs)
	 * @throws IllegalArgumentException when the template has an unknown placeholder, is not an absolute http(s)
	 * URL, or carries user info
	 */
	public ProfileUrlTemplate(String template, String applicationName, Supplier<String> baseUrl) {
		this.parts = parse(template);
		this.applicationName = URLEncoder.encode(applicationName, StandardCharsets.UTF_8);
		this.baseUrl = baseUrl;
		checkUrl(expand("0000000000000001", "00000000000000000000000000000001", 0));
	}

	/**
	 * Refuses what is not an absolute http(s) URL without user info. The message never repeats the URL, which
	 * may hold a password.
	 * @throws IllegalArgumentException when the URL is refused
	 */
	public static void checkUrl(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("is not a valid URL (" + ex.getReason() + " at index "
					+ ex.getIndex() + "); characters such as { } \" must be URL-encoded");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null) {
			throw new IllegalArgumentException("must be an absolute http or https URL");
		}
		if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
			throw new IllegalArgumentException("must not contain user info (credentials): every span carries it "
					+ "to the tracing backend and its users");
		}
	}

	/**
	 * The URL for a span.
	 * @param spanId its id, 16 hex digits
	 * @param traceId its trace id, 32 hex digits
	 * @param startMillis when it started, in milliseconds since the epoch
	 */
	public String expand(String spanId, String traceId, long startMillis) {
		long from = startMillis - BEFORE.toMillis();
		long to = startMillis + AFTER.toMillis();
		StringBuilder url = new StringBuilder(128);
		for (int i = 0; i < this.parts.size(); i++) {
			String part = this.parts.get(i);
			if (i % 2 == 0) {
				url.append(part);
				continue;
			}
			switch (part) {
				case "spanId" -> url.append(spanId);
				case "traceId" -> url.append(traceId);
				case "applicationName" -> url.append(this.applicationName);
				case "baseUrl" -> url.append(this.baseUrl.get());
				case "from" -> url.append(from);
				case "to" -> url.append(to);
				case "fromSeconds" -> url.append(Math.floorDiv(from, 1000));
				case "toSeconds" -> url.append(Math.floorDiv(to, 1000) + 1);
				default -> throw new IllegalStateException(part);
			}
		}
		return url.toString();
	}

	private static List<String> parse(String template) {
		List<String> parts = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		int end = 0;
		while (matcher.find()) {
			String name = matcher.group(1);
			if (!PLACEHOLDERS.contains(name)) {
				throw new IllegalArgumentException("has an unknown placeholder {" + name + "}; use {spanId}, "
						+ "{traceId}, {applicationName}, {baseUrl}, {from}, {to}, {fromSeconds} or {toSeconds}");
			}
			parts.add(template.substring(end, matcher.start()));
			parts.add(name);
			end = matcher.end();
		}
		parts.add(template.substring(end));
		return List.copyOf(parts);
	}

}

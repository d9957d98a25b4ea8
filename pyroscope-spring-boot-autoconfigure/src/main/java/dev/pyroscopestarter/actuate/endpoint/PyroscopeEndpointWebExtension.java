package dev.pyroscopestarter.actuate.endpoint;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import dev.pyroscopestarter.agent.AgentSettings;
import dev.pyroscopestarter.agent.ProfileWindow;
import dev.pyroscopestarter.config.DurationText;
import dev.pyroscopestarter.config.Sanitized;
import dev.pyroscopestarter.export.ingest.IngestExporter;
import dev.pyroscopestarter.local.LocalProfileStore;
import dev.pyroscopestarter.local.view.FlameGraphBuilder;
import dev.pyroscopestarter.local.view.LabelFilter;
import dev.pyroscopestarter.local.view.ProfileType;
import dev.pyroscopestarter.local.view.SpanLabels;
import dev.pyroscopestarter.profiler.PyroscopeProfiler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * Local mode over HTTP: the profiles kept in memory, as an interactive flame graph
 * ({@code /actuator/pyroscope/flamegraph}), collapsed stacks ({@code /actuator/pyroscope/collapsed}) or the raw
 * JFR recordings ({@code /actuator/pyroscope/jfr}).
 * <p>
 * Query parameters: {@code seconds} (how far back, 300 by default) or {@code from} and {@code to} (milliseconds
 * since the epoch), {@code type} ({@code cpu}, {@code alloc} or {@code lock}), {@code highlight} (text of frames to
 * highlight) and any label, such as {@code vehicle=car}, to keep only the samples taken under it
 * ({@code labels=vehicle=car,region=eu} also works, and is the way to filter on a label named like one of these
 * parameters). {@code span_id=<16 hex>} keeps the samples taken while that span was in scope, {@code trace_id}
 * those of a trace.
 * <p>
 * A window reaches memory when it ends, once per {@code pyroscope.upload-interval}: the seconds since the last
 * one are not included yet.
 */
@EndpointWebExtension(endpoint = PyroscopeEndpoint.class)
public class PyroscopeEndpointWebExtension {

	/** How far back the views look unless asked otherwise. */
	public static final int DEFAULT_SECONDS = 300;

	private static final String UNNAMED = "unnamed";

	private static final MimeType HTML = MimeType.valueOf("text/html;charset=UTF-8");

	private static final MimeType TEXT = MimeType.valueOf("text/plain;charset=UTF-8");

	private static final MimeType JFR = MimeType.valueOf("application/octet-stream");

	private static final int MAX_MESSAGE = 1_000;

	/** Views rendered at the same time, at most. */
	static final int MAX_CONCURRENT_RENDERS = 2;

	final Semaphore renders = new Semaphore(MAX_CONCURRENT_RENDERS);

	private final AtomicLong rendered = new AtomicLong();

	private final RenderedViews views = new RenderedViews(8, 16L << 20);

	private final @Nullable PyroscopeProfiler profiler;

	private final @Nullable LocalProfileStore store;

	private final @Nullable IngestExporter uploads;

	private final boolean jfrDownload;

	/**
	 * @param profiler the profiler, or null when profiling is disabled
	 * @param store the local profile store, or null when not in local mode
	 * @param uploads the starter's uploader, or null when profiles are not uploaded with it
	 * @param jfrDownload whether the raw recordings may be downloaded
	 */
	public PyroscopeEndpointWebExtension(@Nullable PyroscopeProfiler profiler, @Nullable LocalProfileStore store,
			@Nullable IngestExporter uploads, boolean jfrDownload) {
		this.profiler = profiler;
		this.store = store;
		this.uploads = uploads;
		this.jfrDownload = jfrDownload;
	}

	/**
	 * @param view {@code flamegraph}, {@code collapsed} or {@code jfr}
	 * @param seconds how far back to look
	 * @param from instead of {@code seconds}: the start of the period, in milliseconds since the epoch
	 * @param to the end of the period, in milliseconds since the epoch; now by default
	 * @param type which profile: {@code cpu} (the default), {@code alloc} or {@code lock}
	 * @param highlight text of frames to highlight on the flame graph
	 * @param labels the labels samples must carry, gathered from the query by {@link LabelQueryInvokerAdvisor}
	 * @return the view, or a short explanation with status 400 or 404
	 */
	@ReadOperation(produces = { "text/html;charset=UTF-8", "text/plain;charset=UTF-8", "application/octet-stream" })
	public WebEndpointResponse<?> recent(@Selector String view, @Nullable Integer seconds, @Nullable Long from,
			@Nullable Long to, @Nullable String type, @Nullable String highlight, @Nullable LabelFilter labels) {
		if (!List.of("flamegraph", "collapsed", "jfr").contains(view)) {
			return message(404, "Unknown view '" + view + "': use flamegraph, collapsed or jfr.");
		}
		LocalProfileStore recent = this.store;
		if (recent == null || this.profiler == null) {
			return message(404, notLocalExplanation());
		}
		Instant now = Instant.now();
		Period period;
		try {
			period = Period.of(seconds, from, to);
		}
		catch (IllegalArgumentException ex) {
			return message(400, ex.getMessage());
		}
		LabelFilter filter = (labels != null) ? labels : LabelFilter.none();
		List<ProfileWindow> windows = period.windows(recent, now);
		if ("jfr".equals(view)) {
			if (!this.jfrDownload) {
				// As Spring Boot keeps heap dumps off by default: a recording holds the JVM's arguments and every
				// system property, passwords given as -D options included.
				return message(404, "The raw JFR download is off: a recording holds the JVM's arguments and system "
						+ "properties, secrets given as -D options included. Set pyroscope.local.jfr-download=true to "
						+ "allow it, on an endpoint only trusted operators reach.");
			}
			return jfr(windows, filter, period);
		}
		ProfileType profileType;
		try {
			profileType = (type != null) ? ProfileType.named(type) : ProfileType.CPU;
		}
		catch (IllegalArgumentException ex) {
			return message(400, ex.getMessage() + ".");
		}
		AgentSettings settings = this.profiler.agentSettings();
		// The same question over the same windows gets the same answer: rendered once, while those windows last.
		ViewKey key = new ViewKey(view, profileType, period, filter, highlight, windows.size(),
				windows.isEmpty() ? null : windows.get(0).started(),
				windows.isEmpty() ? null : windows.get(windows.size() - 1).ended());
		WebEndpointResponse<?> cached = this.views.get(key);
		if (cached != null) {
			return cached;
		}
		// Rendering parses every window kept: a few at a time, so that requests cannot pile up CPU and memory.
		if (!this.renders.tryAcquire()) {
			return message(503, "Other profile views are being rendered right now; try again in a moment.");
		}
		try {
			WebEndpointResponse<?> response = render(view, profileType, period, filter, highlight, windows, settings,
					now);
			this.views.put(key, response);
			return response;
		}
		finally {
			this.renders.release();
		}
	}

	private WebEndpointResponse<?> render(String view, ProfileType profileType, Period period, LabelFilter filter,
			@Nullable String highlight, List<ProfileWindow> windows, AgentSettings settings, Instant now) {
		this.rendered.incrementAndGet();
		FlameGraphBuilder builder = new FlameGraphBuilder(profileType, period.since(now), period.until(), filter,
				settings.labels())
			.addAll(windows);
		if (builder.samples() == 0) {
			return message(404, nothingYet(profileType, period, filter, windows.isEmpty(), settings));
		}
		if ("collapsed".equals(view)) {
			return new WebEndpointResponse<>(builder.collapsed(), TEXT);
		}
		String title = settings.applicationName() + ": " + profileType.id() + " (" + profileType.unit() + "), "
				+ period + ", " + selection(filter, builder.spanNames(), builder.prevalentLabels())
				+ ((builder.unreadableWindows() > 0) ? ", " + builder.unreadableWindows() + " unreadable window(s) left out"
						: "");
		return new WebEndpointResponse<>(builder.html(title, highlight), HTML);
	}

	// One span asked for: named first, by its id, the name its samples carry and the labels most of them carry (the
	// route of a web request). A span not named yet when its scope opened (Spring MVC names server spans when they
	// end) is stamped 'unnamed': the labels say more than that.
	private static String selection(LabelFilter filter, Set<String> spanNames, Map<String, String> labels) {
		if (filter.isEmpty()) {
			return "all samples";
		}
		String spanId = filter.single(SpanLabels.SPAN_ID);
		if (spanId == null) {
			return filter.toString();
		}
		List<String> names = spanNames.stream().filter((name) -> !UNNAMED.equals(name)).toList();
		String span = "span " + spanId + (names.isEmpty() ? "" : " '" + String.join("', '", names) + "'")
				+ (labels.isEmpty() ? "" : " " + labels.toString().replace('{', '(').replace('}', ')'));
		Map<String, Set<String>> others = new LinkedHashMap<>(filter.accepted());
		others.remove(SpanLabels.SPAN_ID);
		return others.isEmpty() ? span : span + ", " + LabelFilter.of(others);
	}

	/** How many views were rendered (not answered from the cache) so far. */
	long rendered() {
		return this.rendered.get();
	}

	private WebEndpointResponse<?> jfr(List<ProfileWindow> windows, LabelFilter filter, Period period) {
		if (!filter.isEmpty()) {
			return message(400, "The JFR download holds the recordings as they are, with every label: filter by "
					+ "label in /flamegraph or /collapsed instead.");
		}
		if (windows.isEmpty()) {
			return message(404, "No profiling window ended " + period.inText() + " yet.");
		}
		// A JFR file may hold several chunks: the windows, one after the other, make a valid recording.
		ByteArrayOutputStream jfr = new ByteArrayOutputStream();
		windows.forEach((window) -> jfr.writeBytes(window.jfr()));
		return new WebEndpointResponse<>(jfr.toByteArray(), JFR);
	}

	private String notLocalExplanation() {
		if (this.profiler == null) {
			return "Profiling is disabled (pyroscope.enabled=false): there are no profiles to show.";
		}
		if (this.uploads == null) {
			return "The application replaced the starter's local profile store with its own ProfileExporter: there "
					+ "are no profiles in memory to show.";
		}
		return "Profiles are uploaded to " + this.uploads.settings().displayAddress() + ", not kept here: "
				+ "open them in Pyroscope or Grafana. The local flame graph is served in local mode, when "
				+ "pyroscope.server-address is not set.";
	}

	private String nothingYet(ProfileType type, Period period, LabelFilter filter, boolean noWindow,
			AgentSettings settings) {
		String interval = DurationText.of(settings.uploadInterval());
		if (noWindow) {
			return "No profiling window ended " + period.inText() + " yet. Windows reach memory at the end of "
					+ "each upload interval (" + interval + ", pyroscope.upload-interval).";
		}
		String hint = switch (type) {
			case ALLOC -> " Allocation profiling is on only with pyroscope.profiler.allocation-threshold.";
			case LOCK -> " Lock profiling is on only with pyroscope.profiler.lock-threshold.";
			case CPU -> "";
		};
		return "No " + type.id() + " samples " + period.inText()
				+ (filter.isEmpty() ? "" : " with labels " + filter) + "." + hint
				+ " The current window (up to " + interval + ") is not included until it ends.";
	}

	// Plain text, never rendered as a page (the responses carry nosniff); what came from the URL is shown cut and
	// without control characters, so that it cannot forge lines in a terminal or a log.
	private static WebEndpointResponse<String> message(int status, String text) {
		String shown = (text.length() > MAX_MESSAGE) ? text.substring(0, MAX_MESSAGE) + "..." : text;
		return new WebEndpointResponse<>(Sanitized.text(shown) + "\n", status, TEXT);
	}

	private record ViewKey(String view, ProfileType type, Period period, LabelFilter filter, @Nullable String highlight,
			int windows, @Nullable Instant firstStarted, @Nullable Instant lastEnded) {
	}

	/** The most recently used views, bounded in number and in bytes. */
	private static final class RenderedViews {

		private final int maxEntries;

		private final long maxBytes;

		private final LinkedHashMap<ViewKey, WebEndpointResponse<?>> entries = new LinkedHashMap<>(16, 0.75f, true);

		private long bytes;

		RenderedViews(int maxEntries, long maxBytes) {
			this.maxEntries = maxEntries;
			this.maxBytes = maxBytes;
		}

		synchronized @Nullable WebEndpointResponse<?> get(ViewKey key) {
			return this.entries.get(key);
		}

		synchronized void put(ViewKey key, WebEndpointResponse<?> response) {
			long size = sizeOf(response);
			if (size > this.maxBytes) {
				return;
			}
			WebEndpointResponse<?> previous = this.entries.put(key, response);
			this.bytes += size - ((previous != null) ? sizeOf(previous) : 0);
			Iterator<WebEndpointResponse<?>> oldest = this.entries.values().iterator();
			while ((this.entries.size() > this.maxEntries || this.bytes > this.maxBytes) && oldest.hasNext()) {
				this.bytes -= sizeOf(oldest.next());
				oldest.remove();
			}
		}

		private static long sizeOf(WebEndpointResponse<?> response) {
			// Java strings hold up to two bytes a character.
			return (response.getBody() instanceof String text) ? 2L * text.length() : 0;
		}

	}

	/**
	 * The period a view covers: the last {@code seconds}, or from one instant to another (a link to one span's
	 * profile keeps working while its windows are kept).
	 */
	private record Period(int seconds, @Nullable Instant from, @Nullable Instant to) {

		static Period of(@Nullable Integer seconds, @Nullable Long from, @Nullable Long to) {
			if (from == null) {
				if (to != null) {
					throw new IllegalArgumentException("to needs from: give both, in milliseconds since the epoch.");
				}
				int period = (seconds != null) ? seconds : DEFAULT_SECONDS;
				if (period < 1) {
					throw new IllegalArgumentException("seconds must be 1 or more.");
				}
				return new Period(period, null, null);
			}
			if (seconds != null) {
				throw new IllegalArgumentException("Give seconds, or from (and to), not both.");
			}
			if (from < 0 || (to != null && to <= from)) {
				throw new IllegalArgumentException("from and to are milliseconds since the epoch, from before to.");
			}
			return new Period(0, Instant.ofEpochMilli(from), (to != null) ? Instant.ofEpochMilli(to) : null);
		}

		List<ProfileWindow> windows(LocalProfileStore store, Instant now) {
			if (this.from == null) {
				return store.windows(Duration.ofSeconds(this.seconds));
			}
			// Windows that ended after the start of the period; the builder leaves out the samples outside it.
			return store.windows(Duration.between(this.from, now).plusMillis(1));
		}

		Instant since(Instant now) {
			return (this.from != null) ? this.from : now.minusSeconds(this.seconds);
		}

		@Nullable Instant until() {
			return this.to;
		}

		String inText() {
			if (this.from == null) {
				return "in the last " + this.seconds + " s";
			}
			return "from " + this.from + ((this.to != null) ? " to " + this.to : " on");
		}

		@Override
		public String toString() {
			if (this.from == null) {
				return "last " + this.seconds + " s";
			}
			return this.from + " to " + ((this.to != null) ? this.to : "now");
		}

	}

}

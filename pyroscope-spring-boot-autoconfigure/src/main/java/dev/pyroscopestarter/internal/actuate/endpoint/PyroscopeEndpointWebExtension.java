package dev.pyroscopestarter.internal.actuate.endpoint;

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

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.config.DurationText;
import dev.pyroscopestarter.internal.config.Sanitized;
import dev.pyroscopestarter.internal.export.ingest.IngestExporter;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.internal.local.ProfileType;
import dev.pyroscopestarter.internal.local.WindowProfile;
import dev.pyroscopestarter.internal.local.view.FlameGraphBuilder;
import dev.pyroscopestarter.internal.local.view.LabelFilter;
import dev.pyroscopestarter.internal.local.view.LabelIndex;
import dev.pyroscopestarter.internal.local.view.SpanLabels;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * Local mode over HTTP: the profiles kept in memory, as a page listing the profile types and labels with links to
 * their views ({@code /actuator/pyroscope/index}), an interactive flame graph ({@code /actuator/pyroscope/flamegraph}),
 * collapsed stacks ({@code /actuator/pyroscope/collapsed}), a diff flame graph of two selections
 * ({@code /actuator/pyroscope/diff}) or the raw JFR recordings ({@code /actuator/pyroscope/jfr}).
 * <p>
 * Query parameters: {@code seconds} (how far back, 300 by default) or {@code from} and {@code to} (milliseconds
 * since the epoch), {@code type} ({@code cpu}, {@code alloc} or {@code lock}), {@code highlight} (text of frames to
 * highlight) and any label, such as {@code vehicle=car}, to keep only the samples taken under it
 * ({@code labels=vehicle=car,region=eu} also works, and is the way to filter on a label named like one of these
 * parameters). {@code span_id=<16 hex>} keeps the samples taken while that span was in scope, {@code trace_id}
 * those of a trace. The diff compares {@code baseline} with {@code comparison} (each written as
 * {@code vehicle=bike,region=eu}), or with {@code recent=60} the last 60 seconds of the period with the time before.
 * <p>
 * A window reaches memory when it ends, once per {@code pyroscope.upload-interval}: the seconds since the last
 * one are not included yet.
 */
@EndpointWebExtension(endpoint = PyroscopeEndpoint.class)
public class PyroscopeEndpointWebExtension {

	/** How far back the views look unless asked otherwise. */
	public static final int DEFAULT_SECONDS = 300;

	private static final String UNNAMED = "unnamed";

	private static final List<String> VIEWS = List.of("index", "flamegraph", "collapsed", "diff", "jfr");

	/** The operation's own parameters: a label named alike is given as {@code labels=name=value}. */
	private static final Set<String> PARAMETERS = Set.of("seconds", "from", "to", "type", "highlight", "labels",
			"baseline", "comparison", "recent");

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
	 * @param view {@code index}, {@code flamegraph}, {@code collapsed}, {@code diff} or {@code jfr}
	 * @param seconds how far back to look
	 * @param from instead of {@code seconds}: the start of the period, in milliseconds since the epoch
	 * @param to the end of the period, in milliseconds since the epoch; now by default
	 * @param type which profile: {@code cpu} (the default), {@code alloc} or {@code lock}
	 * @param highlight text of frames to highlight on the flame graph
	 * @param labels the labels samples must carry, gathered from the query by {@link LabelQueryInvokerAdvisor}
	 * @param baseline for the diff: the labels of the baseline's samples, as {@code vehicle=bike,region=eu}
	 * @param comparison for the diff: the labels of the samples compared with it
	 * @param recent for the diff: compare the last this many seconds of the period with the time before them
	 * @return the view, or a short explanation with status 400 or 404
	 */
	@ReadOperation(produces = { "text/html;charset=UTF-8", "text/plain;charset=UTF-8", "application/octet-stream" })
	public WebEndpointResponse<?> recent(@Selector String view, @Nullable Integer seconds, @Nullable Long from,
			@Nullable Long to, @Nullable String type, @Nullable String highlight, @Nullable LabelFilter labels,
			@Nullable String baseline, @Nullable String comparison, @Nullable Integer recent) {
		if (!VIEWS.contains(view)) {
			return message(404, "Unknown view '" + view + "': use index, flamegraph, collapsed, diff or jfr.");
		}
		LocalProfileStore kept = this.store;
		if (kept == null || this.profiler == null) {
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
		if ("jfr".equals(view)) {
			if (!this.jfrDownload) {
				// As Spring Boot keeps heap dumps off by default: a recording holds the JVM's arguments and every
				// system property, passwords given as -D options included.
				return message(404, "The raw JFR download is off: a recording holds the JVM's arguments and system "
						+ "properties, secrets given as -D options included. Set pyroscope.local.jfr-download=true to "
						+ "allow it, on an endpoint only trusted operators reach.");
			}
			if (!kept.keepsRecordings()) {
				return message(404, "The local profile store in use keeps aggregated profiles only, not the raw "
						+ "recordings.");
			}
			return jfr(period.recordings(kept, now), filter, period);
		}
		List<WindowProfile> windows = period.windows(kept, now);
		ProfileType profileType;
		try {
			profileType = (type != null) ? ProfileType.named(type) : ProfileType.CPU;
		}
		catch (IllegalArgumentException ex) {
			return message(400, ex.getMessage() + ".");
		}
		Diff diff = null;
		if ("diff".equals(view)) {
			try {
				diff = Diff.of(baseline, comparison, recent, period, now);
			}
			catch (IllegalArgumentException ex) {
				return message(400, ex.getMessage());
			}
		}
		AgentSettings settings = this.profiler.agentSettings();
		// The same question over the same windows gets the same answer: rendered once, while those windows last.
		ViewKey key = new ViewKey(view, profileType, period, filter, highlight, diff, windows.size(),
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
			WebEndpointResponse<?> response = switch (view) {
				case "index" -> index(profileType, period, filter, windows, settings, now);
				case "diff" -> diff(profileType, period, filter, highlight, windows, settings, now, diff);
				default -> render(view, profileType, period, filter, highlight, windows, settings, now);
			};
			this.views.put(key, response);
			return response;
		}
		finally {
			this.renders.release();
		}
	}

	private WebEndpointResponse<?> render(String view, ProfileType profileType, Period period, LabelFilter filter,
			@Nullable String highlight, List<WindowProfile> windows, AgentSettings settings, Instant now) {
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

	private WebEndpointResponse<?> index(ProfileType profileType, Period period, LabelFilter filter,
			List<WindowProfile> windows, AgentSettings settings, Instant now) {
		this.rendered.incrementAndGet();
		if (windows.isEmpty()) {
			return message(404, nothingYet(profileType, period, filter, true, settings));
		}
		LabelIndex index = LabelIndex.of(windows, profileType, period.since(now), period.until(), filter,
				settings.labels());
		String title = settings.applicationName() + ": profiles of the " + period + ", " + profileType.id() + " ("
				+ profileType.unit() + "), " + (filter.isEmpty() ? "all samples" : filter.toString());
		return new WebEndpointResponse<>(index.html(title, period.query(), filter, PARAMETERS), HTML);
	}

	private WebEndpointResponse<?> diff(ProfileType profileType, Period period, LabelFilter filter,
			@Nullable String highlight, List<WindowProfile> windows, AgentSettings settings, Instant now,
			@Nullable Diff diff) {
		this.rendered.incrementAndGet();
		if (diff == null) {
			throw new IllegalStateException("no diff");
		}
		FlameGraphBuilder baseline = new FlameGraphBuilder(profileType, diff.baselineSince(period.since(now)),
				diff.baselineUntil(period.until()), filter.and(diff.baseline()), settings.labels())
			.addAll(windows);
		FlameGraphBuilder comparison = new FlameGraphBuilder(profileType, diff.comparisonSince(period.since(now)),
				period.until(), filter.and(diff.comparison()), settings.labels())
			.addAll(windows);
		if (baseline.samples() == 0 || comparison.samples() == 0) {
			String side = (baseline.samples() == 0) ? "baseline (" + diff.baselineText() + ")"
					: "comparison (" + diff.comparisonText() + ")";
			return message(404, "The " + side + " has no " + profileType.id() + " samples " + period.inText()
					+ (filter.isEmpty() ? "" : " with labels " + filter) + ": nothing to compare.");
		}
		// Short: the page centres the title between its buttons. Red and blue are jfr-converter's diff colours.
		String title = settings.applicationName() + ": " + profileType.id() + " diff, " + period
				+ (filter.isEmpty() ? "" : ", " + filter) + ": " + diff.comparisonText() + " ("
				+ comparison.total() + ") against " + diff.baselineText() + " (" + baseline.total()
				+ ", scaled). Red: more, blue: less, yellow: new";
		return new WebEndpointResponse<>(FlameGraphBuilder.diffHtml(baseline, comparison, title, highlight), HTML);
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
		for (ProfileWindow window : windows) {
			jfr.writeBytes(window.jfr());
		}
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
			@Nullable Diff diff, int windows, @Nullable Instant firstStarted, @Nullable Instant lastEnded) {
	}

	/**
	 * The two selections of a diff: by labels (both over the period), or by time (the last {@code recent}
	 * seconds of the period against the time before them).
	 */
	private record Diff(LabelFilter baseline, LabelFilter comparison, @Nullable Instant split) {

		static Diff of(@Nullable String baseline, @Nullable String comparison, @Nullable Integer recent,
				Period period, Instant now) {
			if (recent == null && (baseline == null || comparison == null)) {
				throw new IllegalArgumentException("A diff compares two selections: give baseline and comparison "
						+ "labels (baseline=vehicle=bike&comparison=vehicle=car), or recent=60 to compare the last "
						+ "minute with the time before it.");
			}
			LabelFilter base = parse("baseline", baseline);
			LabelFilter compared = parse("comparison", comparison);
			Instant split = null;
			if (recent != null) {
				Instant end = (period.until() != null) ? period.until() : now;
				split = end.minusSeconds(recent);
				if (recent < 1 || !split.isAfter(period.since(now))) {
					throw new IllegalArgumentException("recent must be 1 or more, and shorter than the period ("
							+ period + ").");
				}
			}
			return new Diff(base, compared, split);
		}

		private static LabelFilter parse(String name, @Nullable String pairs) {
			try {
				return (pairs != null) ? LabelFilter.valueOf(pairs) : LabelFilter.none();
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Invalid " + name + ": " + ex.getMessage()
						+ ". Write it as vehicle=car or vehicle=car,region=eu.");
			}
		}

		Instant baselineSince(Instant since) {
			return since;
		}

		@Nullable Instant baselineUntil(@Nullable Instant until) {
			return (this.split != null) ? this.split : until;
		}

		Instant comparisonSince(Instant since) {
			return (this.split != null) ? this.split : since;
		}

		String baselineText() {
			String labels = this.baseline.isEmpty() ? "" : this.baseline.toString();
			if (this.split == null) {
				return labels;
			}
			return "before " + this.split + (labels.isEmpty() ? "" : " " + labels);
		}

		String comparisonText() {
			String labels = this.comparison.isEmpty() ? "" : this.comparison.toString();
			if (this.split == null) {
				return labels;
			}
			return "from " + this.split + (labels.isEmpty() ? "" : " " + labels);
		}

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

		List<WindowProfile> windows(LocalProfileStore store, Instant now) {
			// Windows that ended after the start of the period; the builder leaves out the samples outside it.
			return store.profiles(reach(now));
		}

		List<ProfileWindow> recordings(LocalProfileStore store, Instant now) {
			return store.recordings(reach(now));
		}

		private Duration reach(Instant now) {
			return (this.from == null) ? Duration.ofSeconds(this.seconds)
					: Duration.between(this.from, now).plusMillis(1);
		}

		/** The period as query parameters, for links to other views of it. */
		String query() {
			if (this.from == null) {
				return "seconds=" + this.seconds;
			}
			return "from=" + this.from.toEpochMilli() + ((this.to != null) ? "&to=" + this.to.toEpochMilli() : "");
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

package dev.pyroscopestarter.internal.actuate.endpoint;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * The local views, the service behind {@link PyroscopeEndpointWebExtension}: the profiles kept in memory, as a page listing the profile types and labels with links to
 * their views ({@code /actuator/pyroscope/index}), an interactive flame graph ({@code /actuator/pyroscope/flamegraph}),
 * collapsed stacks ({@code /actuator/pyroscope/collapsed}), a diff flame graph of two selections
 * ({@code /actuator/pyroscope/diff}) or the raw JFR recordings ({@code /actuator/pyroscope/jfr}).
 * <p>
 * Query parameters: {@code seconds} (how far back, 300 by default) or {@code from} and {@code to} (milliseconds
 * since the epoch), {@code type} ({@code cpu}, {@code wall}, {@code alloc} or {@code lock}), {@code highlight} (text of frames to
 * highlight) and any label, such as {@code vehicle=car}, to keep only the samples taken under it
 * ({@code labels=vehicle=car,region=eu} also works, and is the way to filter on a label named like one of these
 * parameters). {@code span_id=<16 hex>} keeps the samples taken while that span was in scope, {@code trace_id}
 * those of a trace. The diff compares {@code baseline} with {@code comparison} (each written as
 * {@code vehicle=bike,region=eu}), or with {@code recent=60} the last 60 seconds of the period with the time before.
 * <p>
 * A window reaches memory when it ends, once per {@code pyroscope.upload-interval}: the seconds since the last
 * one are not included yet.
 */
public class LocalViews {

	/** How far back the views look unless asked otherwise. */
	public static final int DEFAULT_SECONDS = 300;

	private static final String UNNAMED = "unnamed";

	static final List<String> VIEWS = List.of("index", "flamegraph", "collapsed", "diff", "jfr");

	/** The operation's own parameters: a label named alike is given as {@code labels=name=value}. */
	static final Set<String> PARAMETERS = Set.of("seconds", "from", "to", "type", "highlight", "labels",
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
	public LocalViews(@Nullable PyroscopeProfiler profiler, @Nullable LocalProfileStore store,
			@Nullable IngestExporter uploads, boolean jfrDownload) {
		this.profiler = profiler;
		this.store = store;
		this.uploads = uploads;
		this.jfrDownload = jfrDownload;
	}

	/**
	 * Answers one request for a view.
	 * @return the view, or a short explanation with status 400, 404 or 503
	 */
	public WebEndpointResponse<?> answer(LocalViewRequest request) {
		String view = request.view();
		Integer seconds = request.seconds();
		Long from = request.from();
		Long to = request.to();
		String type = request.type();
		String highlight = request.highlight();
		LabelFilter labels = request.labels();
		String baseline = request.baseline();
		String comparison = request.comparison();
		Integer recent = request.recent();
		if (!VIEWS.contains(view)) {
			return message(404, "Unknown view '" + view + "': use index, flamegraph, collapsed, diff or jfr.");
		}
		LocalProfileStore kept = this.store;
		if (kept == null || this.profiler == null) {
			return message(404, notLocalExplanation());
		}
		Instant now = Instant.now();
		ViewPeriod period;
		try {
			period = ViewPeriod.of(seconds, from, to);
		}
		catch (IllegalArgumentException ex) {
			return message(400, Objects.requireNonNullElse(ex.getMessage(), "Invalid query."));
		}
		LabelFilter filter = labels;
		if ("jfr".equals(view)) {
			if (!this.jfrDownload) {
				// As Spring Boot keeps heap dumps off by default: a recording is raw data (every stack, thread name,
				// native library path, label value and span id), more than any view shows.
				return message(404, "The raw JFR download is off: a recording holds every stack, thread name, native "
						+ "library path, label value and span id of the period. Set pyroscope.local.jfr-download=true to "
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
		DiffSelection diff = null;
		if ("diff".equals(view)) {
			try {
				diff = DiffSelection.of(baseline, comparison, recent, period, now);
			}
			catch (IllegalArgumentException ex) {
				return message(400, Objects.requireNonNullElse(ex.getMessage(), "Invalid query."));
			}
		}
		AgentSettings settings = this.profiler.agentSettings();
		// The same question over the same windows gets the same answer: rendered once, while those windows last.
		RenderedViews.ViewKey key = new RenderedViews.ViewKey(view, profileType, period, filter, highlight, diff, windows.size(),
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

	private WebEndpointResponse<?> render(String view, ProfileType profileType, ViewPeriod period, LabelFilter filter,
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

	private WebEndpointResponse<?> index(ProfileType profileType, ViewPeriod period, LabelFilter filter,
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

	private WebEndpointResponse<?> diff(ProfileType profileType, ViewPeriod period, LabelFilter filter,
			@Nullable String highlight, List<WindowProfile> windows, AgentSettings settings, Instant now,
			@Nullable DiffSelection diff) {
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

	private WebEndpointResponse<?> jfr(List<ProfileWindow> windows, LabelFilter filter, ViewPeriod period) {
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
		return "Profiles are uploaded to " + this.uploads.displayAddress() + ", not kept here: "
				+ "open them in Pyroscope or Grafana. The local flame graph is served in local mode, when "
				+ "pyroscope.server-address is not set.";
	}

	private String nothingYet(ProfileType type, ViewPeriod period, LabelFilter filter, boolean noWindow,
			AgentSettings settings) {
		String interval = DurationText.of(settings.uploadInterval());
		if (noWindow) {
			return "No profiling window ended " + period.inText() + " yet. Windows reach memory at the end of "
					+ "each upload interval (" + interval + ", pyroscope.upload-interval).";
		}
		String hint = switch (type) {
			case ALLOC -> " Allocation profiling is on only with pyroscope.profiler.allocation-threshold.";
			case LOCK -> " Lock profiling is on only with pyroscope.profiler.lock-threshold.";
			case WALL -> " Wall-clock profiling is on only with pyroscope.profiler.wall-clock.enabled=true (or "
					+ "pyroscope.profiler.event=wall).";
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

}

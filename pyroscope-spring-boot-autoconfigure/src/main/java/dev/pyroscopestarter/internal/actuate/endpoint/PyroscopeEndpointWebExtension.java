package dev.pyroscopestarter.internal.actuate.endpoint;

import java.util.Map;

import dev.pyroscopestarter.internal.config.Sanitized;
import dev.pyroscopestarter.internal.local.view.LabelFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Local mode over HTTP: the profiles kept in memory, as a page listing the profile types and labels with links to
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
 * The views themselves are {@link LocalViews}: this extension maps the query onto a {@link LocalViewRequest}.
 * A window reaches memory when it ends, once per {@code pyroscope.upload-interval}: the seconds since the last
 * one are not included yet.
 */
@EndpointWebExtension(endpoint = PyroscopeEndpoint.class)
public class PyroscopeEndpointWebExtension {

	private final LocalViews views;

	private final @Nullable PyroscopeEndpoint endpoint;

	public PyroscopeEndpointWebExtension(LocalViews views) {
		this(views, null);
	}

	/**
	 * @param views the local views
	 * @param endpoint the endpoint whose write operation this one answers over HTTP, or null
	 */
	public PyroscopeEndpointWebExtension(LocalViews views, @Nullable PyroscopeEndpoint endpoint) {
		this.views = views;
		this.endpoint = endpoint;
	}

	/**
	 * The endpoint's write operation over HTTP, with a refusal answered with its reason: {@code 409} when more
	 * profiling is already on (one at a time) or the profiler is not running, {@code 400} for a bad request.
	 * @param action {@code start}, {@code stop}, {@code more} or {@code revert}
	 * @param wallClock with {@code more}: {@code true}, or a wall-clock interval such as {@code 20ms}
	 * @param interval with {@code more}: a CPU sampling interval, such as {@code 5ms}
	 * @param allocationThreshold with {@code more}: allocation profiling, such as {@code 512KB}
	 * @param lockThreshold with {@code more}: lock profiling, such as {@code 10ms}
	 * @param duration with {@code more}: how long, such as {@code 5m}
	 * @return the state afterwards, or the reason of a refusal
	 */
	@WriteOperation
	public WebEndpointResponse<Object> control(ProfilerAction action, @Nullable String wallClock,
			@Nullable String interval, @Nullable String allocationThreshold, @Nullable String lockThreshold,
			@Nullable String duration) {
		PyroscopeEndpoint target = this.endpoint;
		if (target == null) {
			return new WebEndpointResponse<>(Map.of("error", "not available"), WebEndpointResponse.STATUS_NOT_FOUND);
		}
		try {
			return new WebEndpointResponse<>(
					target.control(action, wallClock, interval, allocationThreshold, lockThreshold, duration));
		}
		catch (PyroscopeEndpoint.RefusedException ex) {
			return new WebEndpointResponse<>(Map.of("error", Sanitized.text(String.valueOf(ex.getMessage()))),
					ex.conflict() ? 409 : WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * @param view {@code index}, {@code flamegraph}, {@code collapsed}, {@code diff} or {@code jfr}
	 * @param seconds how far back to look
	 * @param from instead of {@code seconds}: the start of the period, in milliseconds since the epoch
	 * @param to the end of the period, in milliseconds since the epoch; now by default
	 * @param type which profile: {@code cpu} (the default), {@code wall}, {@code alloc} or {@code lock}
	 * @param highlight text of frames to highlight on the flame graph
	 * @param labels the labels samples must carry, gathered from the query by {@link LabelQueryInvokerAdvisor}
	 * @param baseline for the diff: the labels of the baseline's samples, as {@code vehicle=bike,region=eu}
	 * @param comparison for the diff: the labels of the samples compared with it
	 * @param recent for the diff: compare the last this many seconds of the period with the time before them
	 * @return the view, or a short explanation with status 400, 404 or 503
	 */
	@ReadOperation(produces = { "text/html;charset=UTF-8", "text/plain;charset=UTF-8", "application/octet-stream" })
	public WebEndpointResponse<?> recent(@Selector String view, @Nullable Integer seconds, @Nullable Long from,
			@Nullable Long to, @Nullable String type, @Nullable String highlight, @Nullable LabelFilter labels,
			@Nullable String baseline, @Nullable String comparison, @Nullable Integer recent) {
		return this.views.answer(new LocalViewRequest(view, seconds, from, to, type, highlight,
				(labels != null) ? labels : LabelFilter.none(), baseline, comparison, recent));
	}

}

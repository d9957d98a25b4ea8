package dev.pyroscopestarter.internal.actuate.endpoint;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

import dev.pyroscopestarter.internal.local.ProfileType;
import dev.pyroscopestarter.internal.local.view.LabelFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** The most recently used views, bounded in number and in bytes. */
final class RenderedViews {

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

	/** What identifies a view: the same question over the same windows. */
	record ViewKey(String view, ProfileType type, ViewPeriod period, LabelFilter filter, @Nullable String highlight,
			@Nullable DiffSelection diff, int windows, @Nullable Instant firstStarted, @Nullable Instant lastEnded) {
	}

}

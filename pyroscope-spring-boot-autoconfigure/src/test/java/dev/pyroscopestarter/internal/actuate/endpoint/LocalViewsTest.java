package dev.pyroscopestarter.internal.actuate.endpoint;

import java.nio.file.Path;
import java.time.Duration;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.local.LocalProfileStore;
import dev.pyroscopestarter.testsupport.TestProfilers;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one request may cost: a view is rendered once for the same windows, and only a few are rendered at a time.
 */
class LocalViewsTest {

	private final LocalProfileStore store = new LocalProfileStore(Duration.ofMinutes(5), 64L << 20);

	private final LocalViews views = new LocalViews(
			TestProfilers.profiler("views-test", this.store), this.store, null, false);

	@TempDir
	Path directory;

	@BeforeEach
	void keepAWindow() throws Exception {
		this.store.export(recordedWindow());
		this.store.flush(Duration.ofSeconds(30));
	}

	@Test
	void theSameViewOfTheSameWindowsIsRenderedOnce() throws Exception {
		WebEndpointResponse<?> first = this.views.answer(LocalViewRequest.of("collapsed").withSeconds(300));
		WebEndpointResponse<?> again = this.views.answer(LocalViewRequest.of("collapsed").withSeconds(300));
		assertThat(first.getStatus()).isEqualTo(200);
		assertThat(again.getBody()).isEqualTo(first.getBody());
		assertThat(this.views.rendered()).isEqualTo(1);
		this.views.answer(LocalViewRequest.of("flamegraph").withSeconds(300));
		assertThat(this.views.rendered()).as("another view").isEqualTo(2);
		this.store.export(recordedWindow());
		this.store.flush(Duration.ofSeconds(30));
		this.views.answer(LocalViewRequest.of("collapsed").withSeconds(300));
		assertThat(this.views.rendered()).as("a new window").isEqualTo(3);
	}

	@Test
	void requestsBeyondTheRenderLimitAreTurnedAwayNotQueued() {
		assertThat(this.views.renders.tryAcquire(LocalViews.MAX_CONCURRENT_RENDERS)).isTrue();
		try {
			WebEndpointResponse<?> busy = this.views.answer(LocalViewRequest.of("collapsed").withSeconds(300));
			assertThat(busy.getStatus()).isEqualTo(503);
			assertThat(this.views.rendered()).isZero();
		}
		finally {
			this.views.renders.release(LocalViews.MAX_CONCURRENT_RENDERS);
		}
		assertThat(this.views.answer(LocalViewRequest.of("collapsed").withSeconds(300)).getStatus()).isEqualTo(200);
	}

	private ProfileWindow recordedWindow() throws Exception {
		return Windows.recordedByTheJdk(this.directory, 300);
	}

}

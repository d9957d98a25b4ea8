package dev.pyroscopestarter.internal.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.testsupport.Windows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store holds for a window: its aggregate, counted against the size limit with the frame names once for
 * all windows; the raw recording only when asked to keep it.
 */
class LocalProfileStoreTest {

	private static ProfileWindow window;

	@BeforeAll
	static void record(@TempDir Path directory) throws IOException {
		window = Windows.recordedByTheJdk(directory, 400);
	}

	@Test
	void aWindowIsKeptAggregatedAndCountedWithoutItsRecording() {
		LocalProfileStore store = new LocalProfileStore(Duration.ofMinutes(5), 64L << 20);
		store.export(window);
		WindowProfile profile = store.profiles(Duration.ofMinutes(5)).get(0);
		assertThat(profile.readable()).isTrue();
		assertThat(profile.rows(ProfileType.CPU)).isNotNull();
		assertThat(store.recordings(Duration.ofMinutes(5))).as("not kept unless asked").isEmpty();
		LocalStoreFigures figures = store.figures();
		assertThat(figures.recordingBytes()).isZero();
		assertThat(figures.retainedBytes()).as("the aggregate and its frame names")
			.isEqualTo(profile.bytes() + store.frameNamesBytes())
			.isGreaterThan(profile.bytes());
	}

	@Test
	void frameNamesSharedByWindowsAreCountedOnceAndLetGoWithTheLast() {
		LocalProfileStore store = new LocalProfileStore(Duration.ofMinutes(5), 64L << 20);
		store.export(window);
		long one = store.figures().retainedBytes();
		long names = store.frameNamesBytes();
		store.export(window);
		WindowProfile second = store.profiles(Duration.ofMinutes(5)).get(1);
		assertThat(store.frameNamesBytes()).as("the same frames").isEqualTo(names);
		assertThat(store.figures().retainedBytes()).isEqualTo(one + second.bytes());
		// Room for one window and half another's aggregate: the names are shared, the aggregates are not.
		LocalProfileStore small = new LocalProfileStore(Duration.ofMinutes(5), one + second.bytes() / 2);
		small.export(window);
		small.export(window);
		assertThat(small.figures().windows()).as("the first evicted for size").isEqualTo(1);
		assertThat(small.figures().evictedForSize()).isEqualTo(1);
		assertThat(small.figures().retainedBytes()).as("its names still used by the window kept").isEqualTo(one);
	}

	@Test
	void theRecordingIsKeptForTheJfrDownloadAndCounted() {
		LocalProfileStore store = new LocalProfileStore(Duration.ofMinutes(5), 64L << 20, true);
		store.export(window);
		assertThat(store.recordings(Duration.ofMinutes(5))).containsExactly(window);
		assertThat(store.figures().recordingBytes()).isEqualTo(window.size());
		assertThat(store.figures().retainedBytes()).isGreaterThan(window.size());
	}

}

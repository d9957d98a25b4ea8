package dev.pyroscopestarter.testsupport;

import java.time.Duration;
import java.util.List;

import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ProfileWindow;

/**
 * An exporter that keeps every window it is handed, for tests that read what the profiler recorded.
 *
 * @param windows where the windows go
 */
public record CollectingExporter(List<ProfileWindow> windows) implements ProfileExporter {

	@Override
	public void export(ProfileWindow window) {
		this.windows.add(window);
	}

	@Override
	public FlushResult flush(Duration timeout) {
		return new FlushResult(0, 0, Duration.ZERO);
	}

}

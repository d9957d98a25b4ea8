package dev.pyroscopestarter.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.ProfilingEvent;
import dev.pyroscopestarter.internal.profiler.PyroscopeProfiler;

import static org.awaitility.Awaitility.await;

/**
 * Windows recorded by the real profiler with CPU and wall-clock samples side by side (10ms and 20ms, windows of a
 * second), while 100 threads nap 50 ms at a time and one burns CPU: the nappers' wall-clock samples come batched
 * ({@code samples} > 1), interleaved in the recording with the burner's CPU samples.
 */
public final class WallClockRecordings {

	private WallClockRecordings() {
	}

	/** Records until one window passes {@code wanted}, within a minute, and returns that window. */
	public static ProfileWindow recordUntil(Predicate<ProfileWindow> wanted) {
		List<ProfileWindow> windows = new CopyOnWriteArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			threads.add(new Thread(() -> {
				while (running.get()) {
					try {
						Thread.sleep(50);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "napper-" + i));
		}
		threads.add(new Thread(() -> {
			while (running.get()) {
				CpuBurner.burnCpuInHotMethod(100);
			}
		}, "burner"));
		threads.forEach((thread) -> {
			thread.setDaemon(true);
			thread.start();
		});
		PyroscopeProfiler profiler = TestProfilers.profiler(settings(), new CollectingExporter(windows));
		List<ProfileWindow> found = new ArrayList<>();
		try {
			profiler.start();
			int[] checked = { 0 };
			await("a window recorded as wanted").atMost(Duration.ofSeconds(60)).until(() -> {
				for (; checked[0] < windows.size(); checked[0]++) {
					if (wanted.test(windows.get(checked[0]))) {
						found.add(windows.get(checked[0]));
					}
				}
				return !found.isEmpty();
			});
		}
		finally {
			running.set(false);
			profiler.stop();
			threads.forEach(Thread::interrupt);
		}
		return found.get(0);
	}

	private static AgentSettings settings() {
		return new AgentSettings("wall-and-cpu", Map.of(), ProfilingEvent.ITIMER, Duration.ofMillis(10),
				Duration.ofSeconds(1), null, false, null, 2048, false, null, null, null, Duration.ofMillis(20), null);
	}

}

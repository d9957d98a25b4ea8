package dev.pyroscopestarter.internal.profiler;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;

import dev.pyroscopestarter.export.FlushResult;
import dev.pyroscopestarter.export.ProfileExporter;
import dev.pyroscopestarter.export.ProfileWindow;
import dev.pyroscopestarter.testsupport.CpuBurner;
import dev.pyroscopestarter.testsupport.TestProfilers;
import dev.pyroscopestarter.testsupport.Windows;
import io.pyroscope.labels.pb.JfrLabels.Context;
import io.pyroscope.labels.pb.JfrLabels.LabelsSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LastWindowLabelCardinalityTest {

	@Test
	void countsDistinctValuesPerLabelAcrossContexts() {
		LabelsSnapshot labels = LabelsSnapshot.newBuilder()
			.putStrings(1, "vehicle").putStrings(2, "car").putStrings(3, "bike")
			.putStrings(4, "user").putStrings(5, "u1").putStrings(6, "u2").putStrings(7, "u3")
			.putContexts(10, Context.newBuilder().putLabels(1, 2).putLabels(4, 5).build())
			.putContexts(11, Context.newBuilder().putLabels(1, 3).putLabels(4, 6).build())
			.putContexts(12, Context.newBuilder().putLabels(1, 2).putLabels(4, 7).build())
			.build();
		assertThat(LastWindowLabelCardinality.count(Windows.of(Instant.EPOCH, Instant.EPOCH, new byte[0], labels).labels())).isEqualTo(Map.of("vehicle", 2, "user", 3));
		assertThat(LastWindowLabelCardinality.count(Windows.withLabels(1).labels())).isEqualTo(Map.of("vehicle", 1));
	}

	@Test
	void nothingKnownBeforeTheFirstWindow() {
		assertThat(LastWindowLabelCardinality.count(null)).isEmpty();
		assertThat(LastWindowLabelCardinality.count(Windows.withoutLabels(1).labels())).isEmpty();
	}

	@Test
	void theProfilerKeepsNoRecordingToCountLabels() {
		AtomicReference<WeakReference<ProfileWindow>> handedOver = new AtomicReference<>();
		// An exporter that lets go of each window at once, as the uploader does once it is sent.
		ProfileExporter exporter = new ProfileExporter() {

			@Override
			public void export(ProfileWindow window) {
				handedOver.set(new WeakReference<>(window));
			}

			@Override
			public FlushResult flush(Duration timeout) {
				return new FlushResult(0, 0, Duration.ZERO);
			}

			@Override
			public String destination() {
				return "nowhere";
			}

		};
		// One window, the last one, handed over at stop: nothing replaces it afterwards.
		PyroscopeProfiler profiler = TestProfilers
			.profiler(TestProfilers.agentSettings("cardinality-test", Duration.ofHours(1), null), exporter);
		profiler.start();
		CpuBurner.burnCpuInHotMethod(200);
		profiler.stop();
		assertThat(handedOver.get()).as("the last window handed over").isNotNull();
		await("the recording collected").atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			return handedOver.get().get() == null;
		});
		assertThat(profiler.lastWindowLabels()).as("what the count needs is kept").isNotNull();
		assertThat(new LastWindowLabelCardinality(profiler).distinctValuesPerKey()).isNotNull();
	}

}

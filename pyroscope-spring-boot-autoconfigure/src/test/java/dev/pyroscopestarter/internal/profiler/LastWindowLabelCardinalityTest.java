package dev.pyroscopestarter.internal.profiler;

import java.time.Instant;
import java.util.Map;

import dev.pyroscopestarter.testsupport.Windows;
import io.pyroscope.labels.pb.JfrLabels.Context;
import io.pyroscope.labels.pb.JfrLabels.LabelsSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
		assertThat(LastWindowLabelCardinality.count(Windows.of(Instant.EPOCH, Instant.EPOCH, new byte[0], labels))).isEqualTo(Map.of("vehicle", 2, "user", 3));
		assertThat(LastWindowLabelCardinality.count(Windows.withLabels(1))).isEqualTo(Map.of("vehicle", 1));
	}

	@Test
	void nothingKnownBeforeTheFirstWindow() {
		assertThat(LastWindowLabelCardinality.count(null)).isEmpty();
		assertThat(LastWindowLabelCardinality.count(Windows.withoutLabels(1))).isEmpty();
	}

}

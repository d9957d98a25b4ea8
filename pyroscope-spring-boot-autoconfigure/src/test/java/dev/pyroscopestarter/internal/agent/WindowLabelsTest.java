package dev.pyroscopestarter.internal.agent;

import java.util.Map;

import dev.pyroscopestarter.testsupport.Windows;
import io.pyroscope.labels.pb.JfrLabels.Context;
import io.pyroscope.labels.pb.JfrLabels.LabelsSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WindowLabelsTest {

	@Test
	void contextsMapIdsToNamedLabels() {
		assertThat(WindowLabels.contexts(Windows.withLabels(1).labels())).isEqualTo(Map.of(7L, Map.of("vehicle", "car")));
		assertThat(WindowLabels.contexts(Windows.withoutLabels(1).labels())).isEmpty();
		assertThat(WindowLabels.contexts(new byte[0])).isEmpty();
	}

	@Test
	void bytesThatAreNoLabelsSnapshotAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> WindowLabels.contexts(new byte[] { (byte) 0xff, 1, 2 }));
	}


	@Test
	void labelsWithinTheServersLimitsAreSentAsTheyAre() {
		byte[] labels = Windows.labels().toByteArray();
		WindowLabels.Fitted fitted = WindowLabels.fitToServer(labels, 1);
		assertThat(fitted.labels()).isSameAs(labels);
		assertThat(fitted.namesLeftOut()).isZero();
		assertThat(fitted.textsCut()).isZero();
		assertThat(WindowLabels.fitToServer(new byte[0], 0).labels()).isEmpty();
	}

	@Test
	void aContextWithMoreNamesThanAllowedKeepsTheFirstByNameAndLongTextsAreCut() {
		LabelsSnapshot labels = LabelsSnapshot.newBuilder()
			.putContexts(1L, Context.newBuilder().putLabels(10L, 20L).putLabels(11L, 21L).putLabels(12L, 22L).build())
			.putContexts(2L, Context.newBuilder().putLabels(12L, 22L).build())
			.putStrings(10L, "zone")
			.putStrings(11L, "a".repeat(1100))
			.putStrings(12L, "method")
			.putStrings(20L, "eu")
			.putStrings(21L, "\u20ac".repeat(700))
			.putStrings(22L, "GET")
			.build();
		WindowLabels.Fitted fitted = WindowLabels.fitToServer(labels.toByteArray(), 2);
		Map<Long, Map<String, String>> contexts = WindowLabels.contexts(fitted.labels());
		assertThat(contexts.get(1L)).containsOnlyKeys("a".repeat(1024), "method");
		assertThat(contexts.get(2L)).isEqualTo(Map.of("method", "GET"));
		// 700 three-byte characters are 2100 bytes: 682 of them fit in 2048.
		assertThat(WindowLabels.strings(fitted.labels()).get(21L)).hasSize(682);
		assertThat(fitted.namesLeftOut()).isEqualTo(1);
		assertThat(fitted.textsCut()).isEqualTo(2);
	}

}

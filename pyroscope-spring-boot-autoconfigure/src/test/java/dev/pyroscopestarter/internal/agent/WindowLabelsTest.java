package dev.pyroscopestarter.internal.agent;

import java.util.Map;

import dev.pyroscopestarter.testsupport.Windows;
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

}

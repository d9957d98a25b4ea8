package dev.pyroscopestarter.internal.agent;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts cut to the server's limits, which count UTF-8 bytes, never inside a character.
 */
class ServerLimitsTest {

	@Test
	void aTextThatFitsIsKeptAsItIs() {
		String text = "x".repeat(2048);
		assertThat(ServerLimits.cutToBytes(text, 2048)).isSameAs(text);
		assertThat(ServerLimits.longerThan(text, 2048)).isFalse();
	}

	@Test
	void aLongerTextIsCutToTheBytesOnACharacterBoundary() {
		// 'é' is 2 bytes, '€' 3, and the emoji a surrogate pair of 4.
		String text = "ab\u00e9\u20ac\uD83D\uDE00z";
		assertThat(ServerLimits.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length).isEqualTo(12);
		assertThat(ServerLimits.longerThan(text, 11)).isTrue();
		assertThat(ServerLimits.cutToBytes(text, 11)).isEqualTo("ab\u00e9\u20ac\uD83D\uDE00");
		assertThat(ServerLimits.cutToBytes(text, 10)).isEqualTo("ab\u00e9\u20ac");
		assertThat(ServerLimits.cutToBytes(text, 3)).isEqualTo("ab");
		assertThat(ServerLimits.cutToBytes(text, 0)).isEmpty();
	}

	@Test
	void everySeriesHasTheServersNamesTheStaticLabelsAndSpanName() {
		assertThat(IngestNames.fixedLabelNames("app")).isEqualTo(6);
		assertThat(IngestNames.fixedLabelNames("app{region=eu,otel.scope.name=x}")).isEqualTo(8);
	}

}

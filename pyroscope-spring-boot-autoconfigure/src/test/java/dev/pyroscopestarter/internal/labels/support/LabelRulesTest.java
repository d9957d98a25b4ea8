package dev.pyroscopestarter.internal.labels.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a label may be: names of letters, digits and {@code _} not starting with {@code __}; values stripped, with
 * control characters replaced, cut without splitting a surrogate pair, and counted by the cardinality guard.
 */
class LabelRulesTest {

	private final CardinalityGuard guard = new CardinalityGuard(2, "_overflow_", Duration.ofHours(1));

	private final LabelRules rules = new LabelRules(this.guard, 8);

	@Test
	void namesOfLettersDigitsAndUnderscoresAreAllowed() {
		assertThat(LabelRules.problemWithName("vehicle")).isNull();
		assertThat(LabelRules.problemWithName("Vehicle_2")).isNull();
		assertThat(LabelRules.problemWithName("_private")).isNull();
		assertThat(LabelRules.checkName("region")).isEqualTo("region");
	}

	@Test
	void otherNamesAreRefusedWithTheReason() {
		assertThat(LabelRules.problemWithName(null)).contains("may not be empty");
		assertThat(LabelRules.problemWithName("")).contains("may not be empty");
		assertThat(LabelRules.problemWithName("http.method")).contains("'http.method'")
			.contains("only letters, digits and '_'");
		assertThat(LabelRules.problemWithName("région")).contains("only letters, digits");
		assertThat(LabelRules.problemWithName("a-b")).contains("only letters, digits");
		assertThat(LabelRules.problemWithName("__name__")).contains("reserved");
		assertThatIllegalArgumentException().isThrownBy(() -> LabelRules.checkName("a b"))
			.withMessageStartingWith("Invalid Pyroscope label: ");
	}

	@Test
	void namesLongerThanTheServerAcceptsAreRefused() {
		assertThat(LabelRules.problemWithName("n".repeat(1024))).isNull();
		assertThat(LabelRules.problemWithName("n".repeat(1025))).contains("at most 1024 characters");
	}

	@Test
	void valuesAreCutToTheServersBytesToo() {
		LabelRules rules = new LabelRules(this.guard, 2048);
		// 2048 characters of 3 bytes each: within the character limit, three times the server's 2048 bytes.
		String value = rules.fixedValue("\u20ac".repeat(2048));
		assertThat(value).hasSize(682);
		assertThat(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(2048);
		assertThat(rules.fixedValue("x".repeat(2048))).hasSize(2048);
	}

	@Test
	void aSuggestedNameIsValid() {
		assertThat(LabelRules.suggestName("http.method")).isEqualTo("http_method");
		assertThat(LabelRules.suggestName("")).isEqualTo("label");
		assertThat(LabelRules.problemWithName(LabelRules.suggestName("a-b c"))).isNull();
	}

	@Test
	void valuesAreStrippedCutAndFreedOfControlCharacters() {
		assertThat(this.rules.fixedValue("  car  ")).isEqualTo("car");
		assertThat(this.rules.fixedValue("a\nb\tc")).isEqualTo("a_b_c");
		assertThat(this.rules.fixedValue("0123456789")).isEqualTo("01234567");
		assertThat(this.rules.fixedValue("0123456\n89")).isEqualTo("0123456_");
		assertThat(this.rules.fixedValue(42)).isEqualTo("42");
	}

	@Test
	void blankOrNullMeansNoLabel() {
		assertThat(this.rules.fixedValue(null)).isNull();
		assertThat(this.rules.fixedValue("   ")).isNull();
		assertThat(this.rules.dynamicValue("vehicle", "")).isNull();
		assertThat(this.rules.dynamicLabel("vehicle", null)).isNull();
		assertThat(this.rules.admit("vehicle", " ")).isSameAs(LabelSet.EMPTY);
	}

	@Test
	void aCutNeverSplitsASurrogatePair() {
		// Seven letters and an emoji (two chars) at the cut: the pair is dropped whole.
		String value = "abcdefg\uD83D\uDE97tail";
		String fitted = this.rules.fixedValue(value);
		assertThat(fitted).isEqualTo("abcdefg");
		assertThat(fitted.chars().noneMatch((c) -> Character.isSurrogate((char) c))).isTrue();
		assertThat(this.rules.fixedValue("abcdef\uD83D\uDE97x")).isEqualTo("abcdef\uD83D\uDE97");
	}

	@Test
	void dynamicValuesPassTheCardinalityGuardFixedOnesDoNot() {
		assertThat(this.rules.dynamicValue("user", "a")).isEqualTo("a");
		assertThat(this.rules.dynamicValue("user", "b")).isEqualTo("b");
		assertThat(this.rules.dynamicValue("user", "c")).isEqualTo("_overflow_");
		assertThat(this.rules.dynamicLabel("user", "d").asMap()).containsExactly(Map.entry("user", "_overflow_"));
		assertThat(this.rules.fixedValue("e")).isEqualTo("e");
		assertThat(this.guard.overflowCounts()).containsEntry("user", 2L);
	}

	@Test
	void admittingOneLabelChecksItsNameAndReusesTheAdmittedSet() {
		LabelSet first = this.rules.admit("vehicle", "car");
		assertThat(first.asMap()).containsExactly(Map.entry("vehicle", "car"));
		assertThat(this.rules.admit("vehicle", "car")).isSameAs(first);
		assertThatIllegalArgumentException().isThrownBy(() -> this.rules.admit("bad name", "car"));
	}

	@Test
	void admittingSeveralLabelsSortsTheNamesAndDropsValuesThatAreNone() {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("vehicle", " car ");
		labels.put("empty", "  ");
		labels.put("region", "eu");
		LabelRules.Admitted admitted = this.rules.admit(labels);
		assertThat(admitted.names()).containsExactly("empty", "region", "vehicle");
		assertThat(admitted.values()).containsExactly(null, "eu", "car");
		assertThatIllegalArgumentException().isThrownBy(() -> this.rules.admit(Map.of("__reserved", "x")))
			.withMessageContaining("reserved");
	}

}

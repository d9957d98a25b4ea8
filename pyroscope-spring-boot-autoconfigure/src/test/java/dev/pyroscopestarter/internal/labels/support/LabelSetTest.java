package dev.pyroscopestarter.internal.labels.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Label sets: sorted, immutable, merged with the added labels winning, the same instance back when a merge changes
 * nothing (the label stack relies on that to skip a scope), and equal by content.
 */
class LabelSetTest {

	@Test
	void labelsAreSortedByNameWhateverTheMapOrder() {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("vehicle", "car");
		labels.put("region", "eu");
		labels.put("a_first", "1");
		LabelSet set = LabelSet.of(labels);
		assertThat(set.asMap()).containsExactly(Map.entry("a_first", "1"), Map.entry("region", "eu"),
				Map.entry("vehicle", "car"));
		assertThat(set.size()).isEqualTo(3);
		assertThat(set.get("region")).isEqualTo("eu");
		assertThat(set.get("missing")).isNull();
		assertThat(set).hasToString("{a_first=1, region=eu, vehicle=car}");
	}

	@Test
	void anEmptyMapIsTheEmptySet() {
		assertThat(LabelSet.of(Map.of())).isSameAs(LabelSet.EMPTY);
		assertThat(LabelSet.EMPTY.isEmpty()).isTrue();
		assertThat(LabelSet.EMPTY.asMap()).isEmpty();
	}

	@Test
	void theMapViewIsUnmodifiable() {
		LabelSet set = LabelSet.of(Map.of("region", "eu"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> set.asMap().put("region", "us"));
		assertThat(set.get("region")).isEqualTo("eu");
	}

	@Test
	void addedLabelsWinAndTheOthersStay() {
		LabelSet outer = LabelSet.of(Map.of("region", "eu", "tier", "gold"));
		LabelSet merged = outer.with(new String[] { "region", "vehicle" }, new String[] { "us", "car" });
		assertThat(merged.asMap()).containsExactly(Map.entry("region", "us"), Map.entry("tier", "gold"),
				Map.entry("vehicle", "car"));
		assertThat(outer.asMap()).containsExactly(Map.entry("region", "eu"), Map.entry("tier", "gold"));
	}

	@Test
	void namesBeforeBetweenAndAfterTheExistingOnesAreMergedInOrder() {
		LabelSet outer = LabelSet.of(Map.of("b", "1", "d", "2"));
		LabelSet merged = outer.with(new String[] { "a", "c", "e" }, new String[] { "x", "y", "z" });
		assertThat(merged.asMap().keySet()).containsExactly("a", "b", "c", "d", "e");
		assertThat(merged.get("c")).isEqualTo("y");
	}

	@Test
	void aNullValueAddsNothingAndKeepsTheOuterValue() {
		LabelSet outer = LabelSet.of(Map.of("region", "eu"));
		LabelSet merged = outer.with(new String[] { "region", "vehicle" }, new String[] { null, "car" });
		assertThat(merged.asMap()).containsExactly(Map.entry("region", "eu"), Map.entry("vehicle", "car"));
		LabelSet onlyNulls = outer.with(new String[] { "a", "region", "z" }, new String[] { null, null, null });
		assertThat(onlyNulls).isSameAs(outer);
	}

	@Test
	void aMergeThatChangesNothingReturnsTheSameSet() {
		LabelSet outer = LabelSet.of(Map.of("region", "eu", "vehicle", "car"));
		assertThat(outer.with(new String[] { "region" }, new String[] { "eu" })).isSameAs(outer);
		assertThat(outer.with(LabelSet.of(Map.of("vehicle", "car")))).isSameAs(outer);
		assertThat(outer.with(LabelSet.EMPTY)).isSameAs(outer);
		assertThat(outer.with(new String[] { "region" }, new String[] { "us" })).isNotSameAs(outer);
	}

	@Test
	void addingToTheEmptySetGivesTheAddedSetItself() {
		LabelSet added = LabelSet.of(Map.of("vehicle", "car"));
		assertThat(LabelSet.EMPTY.with(added)).isSameAs(added);
	}

	@Test
	void setsAreEqualByContent() {
		LabelSet a = LabelSet.of(Map.of("region", "eu", "vehicle", "car"));
		LabelSet b = LabelSet.single("region", "eu").with(LabelSet.single("vehicle", "car"));
		assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
		assertThat(a).isNotEqualTo(LabelSet.of(Map.of("region", "eu", "vehicle", "bike")));
		assertThat(a).isNotEqualTo(LabelSet.of(Map.of("region", "eu")));
		// Same values under other names.
		assertThat(LabelSet.single("a", "x")).isNotEqualTo(LabelSet.single("b", "x"));
	}

	@Test
	void theAgentsFormHoldsTheLabelsAsNameValuePairsAndIsBuiltOnce() {
		LabelSet set = LabelSet.of(Map.of("vehicle", "car", "region", "eu"));
		assertThat(set.nativeLabels()).isSameAs(set.nativeLabels());
	}

}

package dev.pyroscopestarter.internal.local.view;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LabelFilterTest {

	@Test
	void everyLabelNamedMustHaveOneOfItsValues() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("vehicle", List.of("car", "bike"));
		parameters.put("region", "eu");
		LabelFilter filter = LabelFilter.of(parameters);
		assertThat(filter.matches(Map.of("vehicle", "car", "region", "eu"))).isTrue();
		assertThat(filter.matches(Map.of("vehicle", "bike", "region", "eu", "user", "7"))).isTrue();
		assertThat(filter.matches(Map.of("vehicle", "scooter", "region", "eu"))).isFalse();
		assertThat(filter.matches(Map.of("vehicle", "car"))).isFalse();
		assertThat(filter).hasToString("vehicle=car|bike, region=eu");
	}

	@Test
	void theEmptyFilterKeepsEverything() {
		assertThat(LabelFilter.of(Map.of()).isEmpty()).isTrue();
		assertThat(LabelFilter.valueOf("  ").matches(Map.of())).isTrue();
		assertThat(LabelFilter.none()).hasToString("(all)");
	}

	@Test
	void pairsAreParsedAndCombined() {
		LabelFilter filter = LabelFilter.valueOf("vehicle=car, region = eu").and(LabelFilter.valueOf("vehicle=car"));
		assertThat(filter.accepted()).containsEntry("vehicle", Set.of("car"))
			.containsEntry("region", Set.of("eu"));
		assertThat(LabelFilter.valueOf("vehicle=car").and(LabelFilter.valueOf("vehicle=bike"))
			.matches(Map.of("vehicle", "car"))).as("contradictory filters keep nothing").isFalse();
		assertThat(LabelFilter.valueOf("note=a=b").accepted()).containsEntry("note", Set.of("a=b"));
	}

	@Test
	void malformedPairsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LabelFilter.valueOf("vehicle"))
			.withMessageContaining("'vehicle' is not a name=value pair");
		assertThatIllegalArgumentException().isThrownBy(() -> LabelFilter.valueOf("=car"));
	}

}

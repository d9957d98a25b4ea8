package dev.pyroscopestarter.labels;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.internal.labels.support.CardinalityGuard;
import dev.pyroscopestarter.internal.labels.support.DefaultProfilingLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.internal.labels.support.VirtualThreadMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The programmatic API and the label stack behind it: merging, restoring, value rules, misuse.
 */
class ProfilingLabelsTest {

	private final LabelStack stack = new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL, VirtualThreadHooks.shared());

	private final CardinalityGuard guard = new CardinalityGuard(3, "_overflow_", Duration.ofHours(1));

	private final LabelRules rules = new LabelRules(this.guard, 10);

	private final ProfilingLabels labels = new DefaultProfilingLabels(this.stack, this.rules);

	@AfterEach
	void nothingLeftOpen() {
		assertThat(this.stack.current().isEmpty()).as("labels left on the test thread").isTrue();
	}

	@Test
	void runMergesWithTheOuterLabelsAndRestoresThem() {
		AtomicReference<Map<String, String>> inner = new AtomicReference<>();
		this.labels.run("region", "eu", () -> {
			this.labels.run(Map.of("vehicle", "car", "region", "us"), () -> inner.set(this.labels.current()));
			assertThat(this.labels.current()).containsExactly(Map.entry("region", "eu"));
		});
		assertThat(inner.get()).containsExactly(Map.entry("region", "us"), Map.entry("vehicle", "car"));
	}

	@Test
	void callReturnsTheValueAndPassesExceptionsThroughUnchangedAfterRestoring() throws Exception {
		assertThat(this.labels.call("vehicle", "car", () -> this.labels.current().get("vehicle"))).isEqualTo("car");
		IllegalStateException failure = new IllegalStateException("boom");
		try (LabelScope outer = this.labels.open("region", "eu")) {
			assertThatThrownBy(() -> this.labels.call("vehicle", "bike", () -> {
				throw failure;
			})).isSameAs(failure);
			assertThat(this.labels.current()).containsExactly(Map.entry("region", "eu"));
		}
	}

	@Test
	void invalidNameIsRefusedBeforeAnythingChanges() {
		try (LabelScope outer = this.labels.open("region", "eu")) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.labels.open(Map.of("ok", "1", "bad-name", "2")))
				.withMessageContaining("'bad-name' may hold only letters, digits and '_'");
			assertThatIllegalArgumentException().isThrownBy(() -> this.labels.open("__reserved", "x"))
				.withMessageContaining("reserved");
			assertThat(this.labels.current()).containsExactly(Map.entry("region", "eu"));
		}
	}

	@Test
	void nullOrBlankValueAddsNoLabelAndKeepsTheOuterOne() {
		try (LabelScope outer = this.labels.open("vehicle", "car")) {
			Map<String, String> withNull = new LinkedHashMap<>();
			withNull.put("vehicle", null);
			withNull.put("tenant", "  ");
			try (LabelScope inner = this.labels.open(withNull)) {
				assertThat(inner.labels()).containsExactly(Map.entry("vehicle", "car"));
			}
		}
	}

	@Test
	void valuesAreTrimmedCutAndFreedOfControlCharacters() {
		assertThat(this.rules.fixedValue("  car \n")).isEqualTo("car");
		assertThat(this.rules.fixedValue("a\tb\u0000c")).isEqualTo("a_b_c");
		assertThat(this.rules.fixedValue("0123456789abcdef")).isEqualTo("0123456789");
		// A surrogate pair is not split at the cut.
		assertThat(this.rules.fixedValue("012345678\uD83D\uDE97")).isEqualTo("012345678");
		assertThat(this.rules.fixedValue(42)).isEqualTo("42");
	}

	@Test
	void dynamicValuesPassTheCardinalityGuard() {
		for (String vehicle : new String[] { "car", "bike", "scooter", "boat", "car", "plane" }) {
			this.labels.run("vehicle", vehicle, () -> {
			});
		}
		try (LabelScope scope = this.labels.open("vehicle", "train")) {
			assertThat(scope.labels().get("vehicle")).isEqualTo("_overflow_");
		}
		assertThat(this.guard.overflowCounts()).containsEntry("vehicle", 3L);
	}

	@Test
	void valuesAlreadyAdmittedAreReusedButOthersAreStillCheckedAndFitted() {
		try (LabelScope first = this.labels.open("vehicle", "car")) {
			try (LabelScope again = this.labels.open("vehicle", "car")) {
				assertThat(again.labels()).containsExactly(Map.entry("vehicle", "car"));
			}
		}
		try (LabelScope padded = this.labels.open("vehicle", "  car\t")) {
			assertThat(padded.labels()).containsExactly(Map.entry("vehicle", "car"));
		}
		// A name the guard has seen through its own API is still checked.
		this.guard.admit("bad-name", "car");
		assertThatIllegalArgumentException().isThrownBy(() -> this.labels.open("bad-name", "car"));
	}

	@Test
	void sameLabelsAgainOpenNothingNew() {
		try (LabelScope outer = this.labels.open("vehicle", "car")) {
			Object outerSet = this.stack.current();
			try (LabelScope inner = this.labels.open("vehicle", "car")) {
				assertThat(inner.labels()).isEqualTo(outer.labels());
				assertThat(this.stack.current()).as("the same set, no scope of its own").isSameAs(outerSet);
			}
		}
	}

	@Test
	void closingAnOuterScopeFirstClosesTheInnerOnesToo() {
		LabelScope outer = this.labels.open("region", "eu");
		LabelScope inner = this.labels.open("vehicle", "car");
		outer.close();
		assertThat(this.labels.current()).isEmpty();
		inner.close();
		outer.close();
		assertThat(this.labels.current()).isEmpty();
	}

	@Test
	void closingOnAnotherThreadReleasesTheScopeWithoutTouchingThatThread() throws Exception {
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			LabelScope scope = this.labels.open("vehicle", "car");
			Map<String, String> otherThreadLabels = other.submit(() -> this.labels.call("tenant", "acme", () -> {
				scope.close();
				return this.labels.current();
			})).get();
			assertThat(otherThreadLabels).containsExactly(Map.entry("tenant", "acme"));
			// The opening thread drops the scope closed elsewhere.
			assertThat(this.labels.current()).isEmpty();
		}
		finally {
			other.shutdownNow();
		}
	}

}

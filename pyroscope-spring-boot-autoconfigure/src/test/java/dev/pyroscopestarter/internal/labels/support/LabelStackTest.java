package dev.pyroscopestarter.internal.labels.support;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.pyroscopestarter.internal.agent.NativeContexts;
import dev.pyroscopestarter.internal.agent.virtualthreads.VirtualThreadHooks;
import dev.pyroscopestarter.labels.LabelScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label stack's own bookkeeping (no profiler runs here, so no agent context is made): scopes nest and merge,
 * closing restores the enclosing labels, out of order and from other threads included, and a scope that changes
 * nothing is a no-op.
 */
class LabelStackTest {

	private final LabelStack stack = new LabelStack(new NativeContexts(), VirtualThreadMode.LABEL,
			VirtualThreadHooks.shared());

	@AfterEach
	void nothingLeftOpen() {
		assertThat(this.stack.current().isEmpty()).as("labels left on the test thread").isTrue();
	}

	@Test
	void scopesMergeWithTheEnclosingLabelsAndRestoreThemOnClose() {
		assertThat(this.stack.current()).isSameAs(LabelSet.EMPTY);
		try (LabelScope outer = this.stack.enterMerged(set("region", "eu"))) {
			assertThat(outer.labels()).containsExactly(Map.entry("region", "eu"));
			try (LabelScope inner = this.stack.enterMerged(null, new String[] { "region", "vehicle" },
					new String[] { "us", "car" })) {
				assertThat(inner.labels()).containsExactly(Map.entry("region", "us"), Map.entry("vehicle", "car"));
				assertThat(this.stack.current().asMap()).isEqualTo(inner.labels());
			}
			assertThat(this.stack.current().asMap()).containsExactly(Map.entry("region", "eu"));
		}
		assertThat(this.stack.current().isEmpty()).isTrue();
	}

	@Test
	void fixedAndDynamicLabelsAreMergedInThatOrder() {
		FixedLabels fixed = new FixedLabels(Map.of("vehicle", "car", "tier", "gold"));
		try (LabelScope outer = this.stack.enterMerged(set("region", "eu"));
				LabelScope scope = this.stack.enterMerged(fixed, new String[] { "vehicle" }, new String[] { "bike" })) {
			assertThat(scope.labels()).containsExactly(Map.entry("region", "eu"), Map.entry("tier", "gold"),
					Map.entry("vehicle", "bike"));
		}
		try (LabelScope scope = this.stack.enterMerged(fixed)) {
			assertThat(scope.labels()).containsExactly(Map.entry("tier", "gold"), Map.entry("vehicle", "car"));
		}
	}

	@Test
	void aMergeFunctionSeesTheCurrentLabels() {
		try (LabelScope outer = this.stack.enterMerged(set("region", "eu"));
				LabelScope scope = this.stack.enterMerged((current) -> current.with(set("seen", current.get("region"))))) {
			assertThat(scope.labels()).containsExactly(Map.entry("region", "eu"), Map.entry("seen", "eu"));
		}
	}

	@Test
	void anExactScopeHidesTheEnclosingLabelsUntilItCloses() {
		try (LabelScope outer = this.stack.enterMerged(set("region", "eu"))) {
			try (LabelScope exact = this.stack.enterExactly(set("vehicle", "car"))) {
				assertThat(this.stack.current().asMap()).containsExactly(Map.entry("vehicle", "car"));
			}
			try (LabelScope none = this.stack.enterExactly(LabelSet.EMPTY)) {
				assertThat(this.stack.current().isEmpty()).isTrue();
			}
			assertThat(this.stack.current().asMap()).containsExactly(Map.entry("region", "eu"));
		}
	}

	@Test
	void aScopeThatChangesNothingLeavesTheStackAlone() {
		try (LabelScope outer = this.stack.enterMerged(set("region", "eu"))) {
			LabelSet before = this.stack.current();
			LabelScope same = this.stack.enterMerged(null, new String[] { "region" }, new String[] { "eu" });
			assertThat(same.labels()).containsExactly(Map.entry("region", "eu"));
			// Closing it, even twice and before a later scope, takes nothing away.
			same.close();
			same.close();
			assertThat(this.stack.current()).isSameAs(before);
		}
		LabelScope empty = this.stack.enterMerged(LabelSet.EMPTY);
		assertThat(empty.labels()).isEmpty();
		empty.close();
	}

	@Test
	void closingAnOuterScopeEndsTheInnerOnesLeftOpen() {
		LabelScope outer = this.stack.enterMerged(set("region", "eu"));
		LabelScope inner = this.stack.enterMerged(set("vehicle", "car"));
		LabelScope innermost = this.stack.enterMerged(set("tier", "gold"));
		outer.close();
		assertThat(this.stack.current().isEmpty()).isTrue();
		// Closing the others afterwards is harmless.
		inner.close();
		innermost.close();
		assertThat(this.stack.current().isEmpty()).isTrue();
		try (LabelScope next = this.stack.enterMerged(set("vehicle", "bike"))) {
			assertThat(next.labels()).containsExactly(Map.entry("vehicle", "bike"));
		}
	}

	@Test
	void closingAnInnerScopeTwiceDoesNotCloseItsParent() {
		try (LabelScope outer = this.stack.enterMerged(set("region", "eu"))) {
			LabelScope inner = this.stack.enterMerged(set("vehicle", "car"));
			inner.close();
			inner.close();
			assertThat(this.stack.current().asMap()).containsExactly(Map.entry("region", "eu"));
		}
	}

	@Test
	void aScopeClosedFromAnotherThreadIsDroppedOnTheOwnersNextUse() {
		LabelScope outer = this.stack.enterMerged(set("region", "eu"));
		LabelScope inner = this.stack.enterMerged(set("vehicle", "car"));
		CompletableFuture.runAsync(inner::close).join();
		assertThat(this.stack.current().asMap()).containsExactly(Map.entry("region", "eu"));
		outer.close();
	}

	@Test
	void eachThreadHasItsOwnLabels() {
		try (LabelScope scope = this.stack.enterMerged(set("region", "eu"))) {
			LabelSet elsewhere = CompletableFuture.supplyAsync(this.stack::current).join();
			assertThat(elsewhere.isEmpty()).isTrue();
		}
	}

	private static LabelSet set(String name, String value) {
		return LabelSet.of(Map.of(name, value));
	}

}

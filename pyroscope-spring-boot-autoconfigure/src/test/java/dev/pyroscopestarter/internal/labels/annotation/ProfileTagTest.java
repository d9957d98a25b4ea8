package dev.pyroscopestarter.internal.labels.annotation;

import java.util.Map;

import dev.pyroscopestarter.autoconfigure.labels.PyroscopeLabelsAutoConfiguration;
import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfilingLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProfileTag} on Spring beans: what each call sees, merging and restoring, and the errors.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProfileTagTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PyroscopeLabelsAutoConfiguration.class))
		.withUserConfiguration(Beans.class);

	/** Runs a test on the beans above, then checks that it left no labels on the test thread. */
	private void run(ContextConsumer<AssertableApplicationContext> test) {
		this.runner.run((context) -> {
			test.accept(context);
			assertThat(context.getBean(ProfilingLabels.class).current()).as("labels left on the test thread").isEmpty();
		});
	}

	@Test
	void literalTagsOfTheMethodAndTheClassApply() {
		run((context) -> {
			Rides rides = context.getBean(Rides.class);
			assertThat(AopUtils.isAopProxy(rides)).isTrue();
			assertThat(rides.car()).containsExactly(Map.entry("service", "rides"), Map.entry("vehicle", "car"));
			// Repeated tags; the method's value wins over the class's for the same key.
			assertThat(rides.night()).containsExactly(Map.entry("service", "night_rides"), Map.entry("shift", "night"),
					Map.entry("vehicle", "car"));
			// Class tags apply to public methods only.
			assertThat(rides.internal()).isEmpty();
		});
	}

	@Test
	void expressionsReadTheArguments() {
		run((context) -> {
			Rides rides = context.getBean(Rides.class);
			assertThat(rides.order(new Order("eu-north", 7), "scooter")).containsEntry("region", "eu-north")
				.containsEntry("vehicle", "scooter")
				.containsEntry("passengers", "7");
			// A null result adds no label.
			assertThat(rides.order(new Order(null, 1), "bike")).doesNotContainKey("region").containsEntry("vehicle", "bike");
		});
	}

	@Test
	void nestedTagsMergeAndTheOuterOnesComeBack() {
		run((context) -> {
			Dispatcher dispatcher = context.getBean(Dispatcher.class);
			Map<String, Map<String, String>> seen = dispatcher.dispatch();
			assertThat(seen.get("inner")).containsExactly(Map.entry("region", "eu"), Map.entry("service", "rides"),
					Map.entry("vehicle", "car"));
			assertThat(seen.get("after")).containsExactly(Map.entry("region", "eu"));
		});
	}

	@Test
	void exceptionsPassThroughUnchangedAndTheOuterLabelsComeBack() {
		run((context) -> {
			Dispatcher dispatcher = context.getBean(Dispatcher.class);
			assertThat(dispatcher.dispatchFailing()).isSameAs(Rides.FAILURE);
		});
	}

	@Test
	void aFailingExpressionIsLoggedOnceAndTheCallProceedsWithoutThatLabel(CapturedOutput output) {
		run((context) -> {
			Rides rides = context.getBean(Rides.class);
			for (int i = 0; i < 3; i++) {
				assertThat(rides.broken(new Order("eu", 1))).containsExactly(Map.entry("service", "rides"),
						Map.entry("vehicle", "van"));
				assertThat(rides.unparsable()).containsExactly(Map.entry("service", "rides"));
			}
		});
		assertThat(output.toString().split("expression = \"#order.missing\"\\) on ", -1)).hasSize(2);
		assertThat(output.toString().split("expression = \"#order\\.\\(\"\\) on ", -1)).hasSize(2);
		assertThat(output).contains(Rides.class.getName() + ".broken(..) failed");
	}

	@Test
	void anInvalidKeyFailsStartupNamingTheAnnotationAndMethod() {
		this.runner.withUserConfiguration(BadKey.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidProfileTagException.class)
				.hasMessageContaining("@ProfileTag(key = \"vehicle-type\", value = \"car\") on ")
				.hasMessageContaining(BadKeyService.class.getName() + ".work(..)")
				.hasMessageContaining("may hold only letters, digits and '_'");
		});
	}

	@Test
	void aTagWithoutValueFailsStartup() {
		this.runner.withUserConfiguration(NoValue.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("neither a value nor an expression");
		});
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("pyroscope.dynamic-labels.annotation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ProfileTagAdvisor.class);
			assertThat(context.getBean(Rides.class).car()).isEmpty();
		});
	}

	record Order(String region, int passengers) {
	}

	@ProfileTag(key = "service", value = "rides")
	static class Rides {

		static final IllegalStateException FAILURE = new IllegalStateException("no car available");

		private final ProfilingLabels labels;

		Rides(ProfilingLabels labels) {
			this.labels = labels;
		}

		@ProfileTag(key = "vehicle", value = "car")
		public Map<String, String> car() {
			return this.labels.current();
		}

		@ProfileTag(key = "vehicle", value = "car")
		@ProfileTag(key = "shift", value = "night")
		@ProfileTag(key = "service", value = "night_rides")
		public Map<String, String> night() {
			return this.labels.current();
		}

		Map<String, String> internal() {
			return this.labels.current();
		}

		@ProfileTag(key = "region", expression = "#order.region")
		@ProfileTag(key = "vehicle", expression = "#vehicle")
		@ProfileTag(key = "passengers", expression = "#p0.passengers")
		public Map<String, String> order(Order order, String vehicle) {
			return this.labels.current();
		}

		@ProfileTag(key = "region", expression = "#order.missing")
		@ProfileTag(key = "vehicle", value = "van")
		public Map<String, String> broken(Order order) {
			return this.labels.current();
		}

		@ProfileTag(key = "region", expression = "#order.(")
		public Map<String, String> unparsable() {
			return this.labels.current();
		}

		@ProfileTag(key = "vehicle", value = "car")
		public void fail() {
			throw FAILURE;
		}

	}

	static class Dispatcher {

		private final Rides rides;

		private final ProfilingLabels labels;

		Dispatcher(Rides rides, ProfilingLabels labels) {
			this.rides = rides;
			this.labels = labels;
		}

		@ProfileTag(key = "region", value = "eu")
		public Map<String, Map<String, String>> dispatch() {
			return Map.of("inner", this.rides.car(), "after", this.labels.current());
		}

		@ProfileTag(key = "region", value = "eu")
		public RuntimeException dispatchFailing() {
			try {
				this.rides.fail();
				return null;
			}
			catch (RuntimeException ex) {
				assertThat(this.labels.current()).containsExactly(Map.entry("region", "eu"));
				return ex;
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Rides rides(ProfilingLabels labels) {
			return new Rides(labels);
		}

		@Bean
		Dispatcher dispatcher(Rides rides, ProfilingLabels labels) {
			return new Dispatcher(rides, labels);
		}

	}

	static class BadKeyService {

		@ProfileTag(key = "vehicle-type", value = "car")
		public void work() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadKey {

		@Bean
		BadKeyService badKeyService() {
			return new BadKeyService();
		}

	}

	static class NoValueService {

		@ProfileTag(key = "vehicle")
		public void work() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoValue {

		@Bean
		NoValueService noValueService() {
			return new NoValueService();
		}

	}

}

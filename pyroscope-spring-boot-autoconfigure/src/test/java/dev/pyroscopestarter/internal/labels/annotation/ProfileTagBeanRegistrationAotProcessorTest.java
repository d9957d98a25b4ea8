package dev.pyroscopestarter.internal.labels.annotation;

import dev.pyroscopestarter.labels.ProfileTag;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileTagBeanRegistrationAotProcessorTest {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void keepsTagsParameterNamesAndTheExpressionsPropertiesOfATaggedBean() throws Exception {
		RuntimeHints hints = contribute(RideService.class);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethod(RideService.class.getMethod("order", String.class, Order.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "region")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TagPlan.TagExpressionRoot.class, "getArgs"))
			.accepts(hints);
		// A literal tag reads no argument: nothing of its parameters is kept.
		assertThat(RuntimeHintsPredicates.reflection().onType(Invoice.class)).rejects(hints);
	}

	@Test
	void contributesNothingForABeanWithoutTags() {
		this.beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(PlainService.class));
		assertThat(new ProfileTagBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(this.beanFactory, "plain"))).isNull();
	}

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.anyMatch((processor) -> processor instanceof ProfileTagBeanRegistrationAotProcessor);
	}

	private RuntimeHints contribute(Class<?> beanClass) {
		this.beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
		BeanRegistrationAotContribution contribution = new ProfileTagBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(this.beanFactory, "bean"));
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(getClass())), new InMemoryGeneratedFiles());
		contribution.applyTo(generationContext, null);
		return generationContext.getRuntimeHints();
	}

	record Order(String region) {
	}

	record Invoice(String number) {
	}

	static class RideService {

		@ProfileTag(key = "region", expression = "#order.region")
		public void order(String vehicle, Order order) {
		}

		@ProfileTag(key = "kind", value = "invoice")
		public void bill(Invoice invoice) {
		}

	}

	static class PlainService {

		public void order(Order order) {
		}

	}

}

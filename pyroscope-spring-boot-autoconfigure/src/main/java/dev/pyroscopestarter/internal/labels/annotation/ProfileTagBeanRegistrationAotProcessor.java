package dev.pyroscopestarter.internal.labels.annotation;

import java.lang.reflect.Modifier;
import java.util.Set;

import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfileTags;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Keeps what {@code @ProfileTag} reads at runtime in a native image, for each bean that carries it: the tags on
 * the class and its methods, the parameter names that expressions use ({@code #order}), the properties of those
 * parameters that expressions read ({@code #order.region}), and the expression root ({@code #root.args}).
 */
class ProfileTagBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	private static final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
		if (!ProfileTagAdvisor.mayCarryTags(beanClass)) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), beanClass);
	}

	static void registerHints(RuntimeHints hints, Class<?> beanClass) {
		hints.reflection().registerType(beanClass, MemberCategory.INTROSPECT_PUBLIC_METHODS,
				MemberCategory.INTROSPECT_DECLARED_METHODS);
		hints.reflection().registerType(TagPlan.TagExpressionRoot.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		boolean classHasExpressions = hasExpression(
				AnnotatedElementUtils.findMergedRepeatableAnnotations(beanClass, ProfileTag.class, ProfileTags.class));
		ReflectionUtils.doWithMethods(beanClass, (method) -> {
			hints.reflection().registerMethod(method, ExecutableMode.INTROSPECT);
			bindingHints.registerReflectionHints(hints.reflection(), method.getGenericParameterTypes());
		}, (method) -> method.getDeclaringClass() != Object.class && (hasExpression(
				AnnotatedElementUtils.findMergedRepeatableAnnotations(method, ProfileTag.class, ProfileTags.class))
				|| (classHasExpressions && Modifier.isPublic(method.getModifiers()))));
	}

	private static boolean hasExpression(Set<ProfileTag> tags) {
		return tags.stream().anyMatch((tag) -> !tag.expression().isEmpty());
	}

}

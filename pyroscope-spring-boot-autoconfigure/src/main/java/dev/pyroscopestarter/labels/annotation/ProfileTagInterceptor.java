package dev.pyroscopestarter.labels.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfileTags;
import dev.pyroscopestarter.labels.support.LabelRules;
import dev.pyroscopestarter.labels.support.LabelStack;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Applies {@link ProfileTag} labels around calls of annotated methods. The tags of each method and bean class are
 * looked up and checked once ({@link #plan}), at startup when the proxy is created; a call then only opens and
 * closes a label scope. Exceptions pass through unchanged, after the outer labels are restored.
 */
public final class ProfileTagInterceptor implements MethodInterceptor {

	private final LabelStack stack;

	private final LabelRules rules;

	private final Map<MethodClassKey, Optional<TagPlan>> plans = new ConcurrentHashMap<>();

	/**
	 * The plan of the first bean class each method was called on, by {@link Method} instance. Proxies hand the same
	 * instance to every call, so this lookup ends on an identity match, where {@link #plans} compares methods. A
	 * method called on several bean classes (an interface's) finds the others in {@link #plans}.
	 */
	private final Map<Method, FirstPlan> firstPlans = new ConcurrentHashMap<>();

	public ProfileTagInterceptor(LabelStack stack, LabelRules rules) {
		this.stack = stack;
		this.rules = rules;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = invocation.getMethod();
		TagPlan plan = plan(method, (target != null) ? target.getClass() : method.getDeclaringClass());
		if (plan == null) {
			return invocation.proceed();
		}
		LabelScope scope = plan.open(method, invocation.getArguments(), target);
		try {
			return invocation.proceed();
		}
		finally {
			scope.close();
		}
	}

	/** Whether calls of {@code method} on beans of {@code targetClass} carry tags. Checks them on first call. */
	boolean hasTags(Method method, Class<?> targetClass) {
		return plan(method, targetClass) != null;
	}

	private TagPlan plan(Method method, Class<?> targetClass) {
		FirstPlan first = this.firstPlans.get(method);
		if (first != null && first.targetClass == targetClass) {
			return first.plan;
		}
		MethodClassKey key = new MethodClassKey(method, targetClass);
		Optional<TagPlan> plan = this.plans.get(key);
		if (plan == null) {
			plan = this.plans.computeIfAbsent(key, (k) -> Optional.ofNullable(createPlan(method, targetClass)));
		}
		if (first == null) {
			this.firstPlans.putIfAbsent(method, new FirstPlan(targetClass, plan.orElse(null)));
		}
		return plan.orElse(null);
	}

	private record FirstPlan(Class<?> targetClass, TagPlan plan) {
	}

	private TagPlan createPlan(Method method, Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class) {
			return null;
		}
		Class<?> userClass = (targetClass != null) ? ClassUtils.getUserClass(targetClass) : method.getDeclaringClass();
		Method specific = AopUtils.getMostSpecificMethod(method, userClass);
		List<ProfileTag> tags = new ArrayList<>();
		if (Modifier.isPublic(specific.getModifiers())) {
			tags.addAll(AnnotatedElementUtils.findMergedRepeatableAnnotations(userClass, ProfileTag.class, ProfileTags.class));
		}
		tags.addAll(AnnotatedElementUtils.findMergedRepeatableAnnotations(specific, ProfileTag.class, ProfileTags.class));
		String description = userClass.getName() + "." + specific.getName() + "(..)";
		return TagPlan.of(description, this.stack, this.rules, tags);
	}

}

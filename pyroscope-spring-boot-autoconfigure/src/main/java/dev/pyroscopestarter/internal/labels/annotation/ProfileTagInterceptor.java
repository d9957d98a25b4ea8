package dev.pyroscopestarter.internal.labels.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.labels.reactor.DefaultReactiveLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfileTags;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

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

	/** Labels the results of methods returning a {@code Mono} or a {@code Flux}; null without Reactor. */
	private final @Nullable DefaultReactiveLabels reactive;

	/**
	 * @param stack the label stack of the threads
	 * @param rules what names and values may be
	 * @param reactive the starter's reactive labels, or null without Reactor
	 */
	public ProfileTagInterceptor(LabelStack stack, LabelRules rules, @Nullable DefaultReactiveLabels reactive) {
		this.stack = stack;
		this.rules = rules;
		this.reactive = reactive;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = invocation.getMethod();
		TagPlan plan = plan(method, (target != null) ? target.getClass() : method.getDeclaringClass());
		if (plan == null) {
			return invocation.proceed();
		}
		if (plan.labelsResult) {
			return invokeLabellingResult(invocation, plan, target);
		}
		LabelScope scope = plan.open(method, invocation.getArguments(), target);
		try {
			return invocation.proceed();
		}
		finally {
			scope.close();
		}
	}

	// The method only assembles a publisher: its labels go with each subscription, where the work runs.
	private @Nullable Object invokeLabellingResult(MethodInvocation invocation, TagPlan plan, @Nullable Object target)
			throws Throwable {
		UnaryOperator<LabelSet> merge = plan.merge(invocation.getMethod(), invocation.getArguments(), target);
		Object result;
		try (LabelScope scope = this.stack.enterMerged(merge)) {
			result = invocation.proceed();
		}
		return (this.reactive != null) ? this.reactive.labelResult(result, merge) : result;
	}

	/** Whether calls of {@code method} on beans of {@code targetClass} carry tags. Checks them on first call. */
	boolean hasTags(Method method, Class<?> targetClass) {
		return plan(method, targetClass) != null;
	}

	private @Nullable TagPlan plan(Method method, Class<?> targetClass) {
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

	private record FirstPlan(Class<?> targetClass, @Nullable TagPlan plan) {
	}

	private @Nullable TagPlan createPlan(Method method, Class<?> targetClass) {
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
		TagPlan plan = TagPlan.of(description, this.stack, this.rules, tags);
		if (plan != null && this.reactive != null) {
			plan.labelsResult = DefaultReactiveLabels.labelsResultsOf(specific.getReturnType());
		}
		return plan;
	}

}

package dev.pyroscopestarter.internal.labels.annotation;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pyroscopestarter.labels.ProfileTag;
import dev.pyroscopestarter.labels.ProfileTags;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The aspect behind {@link ProfileTag}: matches methods of Spring beans that carry tags on the method or, for
 * public methods, on the class, and runs them inside a label scope. A plain Spring AOP advisor rather than an
 * AspectJ-style {@code @Aspect}: no reflective advice call and no join point object per call.
 */
public final class ProfileTagAdvisor extends AbstractPointcutAdvisor {

	private final ProfileTagInterceptor interceptor;

	private final Pointcut pointcut;

	public ProfileTagAdvisor(ProfileTagInterceptor interceptor) {
		this.interceptor = interceptor;
		StaticMethodMatcherPointcut pointcut = new StaticMethodMatcherPointcut() {

			@Override
			public boolean matches(Method method, Class<?> targetClass) {
				return interceptor.hasTags(method, targetClass);
			}

		};
		// Most beans have no tags at all: one look at the class spares looking at each of their methods.
		pointcut.setClassFilter(ProfileTagAdvisor::mayCarryTags);
		this.pointcut = pointcut;
	}

	/** Whether the class, a type it extends or implements, or one of their methods carries {@link ProfileTag}. */
	static boolean mayCarryTags(Class<?> targetClass) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		if (!AnnotationUtils.isCandidateClass(userClass, ProfileTag.class)
				&& !AnnotationUtils.isCandidateClass(userClass, ProfileTags.class)) {
			return false;
		}
		if (isTagged(MergedAnnotations.from(userClass, SearchStrategy.TYPE_HIERARCHY))) {
			return true;
		}
		AtomicBoolean found = new AtomicBoolean();
		ReflectionUtils.doWithMethods(userClass, (method) -> found.set(true),
				(method) -> !found.get() && isTagged(MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY)));
		return found.get();
	}

	private static boolean isTagged(MergedAnnotations annotations) {
		return annotations.isPresent(ProfileTag.class) || annotations.isPresent(ProfileTags.class);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

}

package dev.pyroscopestarter.labels.annotation;

import java.lang.reflect.Method;

import dev.pyroscopestarter.labels.ProfileTag;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

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
		this.pointcut = new StaticMethodMatcherPointcut() {

			@Override
			public boolean matches(Method method, Class<?> targetClass) {
				return interceptor.hasTags(method, targetClass);
			}

		};
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

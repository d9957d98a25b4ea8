package dev.pyroscopestarter.labels;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Labels the CPU spent in a method of a Spring bean, so that Pyroscope can select it: on a method, or on a class
 * for all its public methods. Repeatable. Tags of a method merge with the class's and with those already applying
 * when it is called (the innermost value wins for the same key); the outer labels come back when it returns or
 * throws.
 *
 * <pre>{@code
 * @ProfileTag(key = "vehicle", value = "car")
 * public Ride orderCar(...)
 *
 * @ProfileTag(key = "region", expression = "#order.region")
 * public void dispatch(Order order)
 * }</pre>
 *
 * An invalid key fails startup. A failing expression is logged once per method and its label left out.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
@Repeatable(ProfileTags.class)
public @interface ProfileTag {

	/** Label name: letters, digits and {@code _}. */
	String key();

	/** Fixed label value. Ignored when {@link #expression()} is set. */
	String value() default "";

	/**
	 * SpEL expression over the method's arguments giving the value, for example {@code #vehicle} or
	 * {@code #order.region} ({@code #p0}, {@code #a0} and {@code #root.args} work too). A null result adds no
	 * label. Values computed this way count against the cardinality guard.
	 */
	String expression() default "";

}

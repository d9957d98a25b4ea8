package dev.pyroscopestarter.internal.labels.annotation;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import dev.pyroscopestarter.internal.labels.support.FixedLabels;
import dev.pyroscopestarter.internal.labels.support.LabelRules;
import dev.pyroscopestarter.internal.labels.support.LabelSet;
import dev.pyroscopestarter.internal.labels.support.LabelStack;
import dev.pyroscopestarter.labels.LabelScope;
import dev.pyroscopestarter.labels.ProfileTag;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * The tags of one method of one bean class, resolved once: names checked, literal values fitted, expressions
 * parsed. Opening the scope then costs a merge with the outer labels (cached for literal tags) and, per
 * expression, one evaluation.
 */
final class TagPlan {

	private static final Log logger = LogFactory.getLog(TagPlan.class);

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final String description;

	private final LabelStack stack;

	private final LabelRules rules;

	/** Literal tags, when there is no expression. */
	private final @Nullable FixedLabels fixed;

	/** All tags by name, sorted, when at least one has an expression; else empty, as the two below. */
	private final String[] names;

	/** By position in {@link #names}: the literal value, or null for a tag with an expression. */
	private final @Nullable String[] literalValues;

	/** By position in {@link #names}: the parsed expression, or null (a literal, or an expression that failed). */
	private final @Nullable Expression[] expressions;

	private final AtomicBoolean expressionFailureLogged = new AtomicBoolean();

	/** Whether the method returns a publisher, labelled for its subscriptions (set once, before first use). */
	boolean labelsResult;

	private TagPlan(String description, LabelStack stack, LabelRules rules, Map<String, ProfileTag> tags) {
		this.stack = stack;
		this.description = description;
		this.rules = rules;
		Map<String, String> literals = new LinkedHashMap<>();
		Map<String, @Nullable Expression> expressions = new LinkedHashMap<>();
		Map<String, ProfileTag> sorted = new TreeMap<>(tags);
		for (Map.Entry<String, ProfileTag> entry : sorted.entrySet()) {
			String name = entry.getKey();
			ProfileTag tag = entry.getValue();
			if (!tag.expression().isEmpty()) {
				expressions.put(name, parse(tag));
			}
			else {
				String value = rules.fixedValue(tag.value());
				if (value != null) {
					// Always the case: of(...) refuses a tag with neither a value nor an expression.
					literals.put(name, value);
				}
			}
		}
		if (expressions.isEmpty()) {
			this.fixed = new FixedLabels(literals);
			this.names = new String[0];
			this.literalValues = new String[0];
			this.expressions = new Expression[0];
		}
		else {
			this.fixed = null;
			this.names = sorted.keySet().toArray(new String[0]);
			this.literalValues = new String[this.names.length];
			this.expressions = new Expression[this.names.length];
			for (int i = 0; i < this.names.length; i++) {
				this.literalValues[i] = literals.get(this.names[i]);
				this.expressions[i] = expressions.get(this.names[i]);
			}
		}
	}

	/**
	 * The plan for {@code tags} (class tags first, then method tags, which win), or null when there are none.
	 * @throws InvalidProfileTagException for an invalid key or a tag without value
	 */
	static @Nullable TagPlan of(String description, LabelStack stack, LabelRules rules, List<ProfileTag> tags) {
		if (tags.isEmpty()) {
			return null;
		}
		Map<String, ProfileTag> byName = new LinkedHashMap<>();
		for (ProfileTag tag : tags) {
			String problem = LabelRules.problemWithName(tag.key());
			if (problem != null) {
				throw new InvalidProfileTagException(tag, description, problem);
			}
			if (tag.expression().isEmpty() && rules.fixedValue(tag.value()) == null) {
				throw new InvalidProfileTagException(tag, description,
						"it has neither a value nor an expression");
			}
			byName.put(tag.key(), tag);
		}
		return new TagPlan(description, stack, rules, byName);
	}

	/** Opens the labelled scope for one call. Never throws for a failing expression. */
	LabelScope open(Method method, @Nullable Object[] arguments, @Nullable Object target) {
		if (this.fixed != null) {
			return this.stack.enterMerged(this.fixed);
		}
		return this.stack.enterMerged(null, this.names, values(method, arguments, target));
	}

	private @Nullable String[] values(Method method, @Nullable Object[] arguments, @Nullable Object target) {
		@Nullable String[] values = this.literalValues.clone();
		MethodBasedEvaluationContext context = null;
		for (int i = 0; i < values.length; i++) {
			Expression expression = this.expressions[i];
			if (expression == null) {
				continue;
			}
			if (context == null) {
				context = new MethodBasedEvaluationContext(new TagExpressionRoot(method, arguments, target), method,
						arguments, PARAMETER_NAMES);
			}
			try {
				values[i] = this.rules.dynamicValue(this.names[i], expression.getValue(context));
			}
			catch (RuntimeException ex) {
				values[i] = null;
				expressionFailed(this.names[i], expression.getExpressionString(), ex);
			}
		}
		return values;
	}

	/**
	 * The labels of one call as a merge onto outer labels, for work that runs after the call returns (a publisher's
	 * subscriptions). Never throws for a failing expression.
	 */
	UnaryOperator<LabelSet> merge(Method method, @Nullable Object[] arguments, @Nullable Object target) {
		if (this.fixed != null) {
			return this.fixed::onto;
		}
		@Nullable String[] values = values(method, arguments, target);
		String[] names = this.names;
		return (outer) -> outer.with(names, values);
	}

	private @Nullable Expression parse(ProfileTag tag) {
		try {
			return Expressions.PARSER.parseExpression(tag.expression());
		}
		catch (ParseException ex) {
			expressionFailed(tag.key(), tag.expression(), ex);
			return null;
		}
	}

	private void expressionFailed(String name, String expression, Exception ex) {
		if (this.expressionFailureLogged.compareAndSet(false, true)) {
			logger.error("@ProfileTag(key = \"" + name + "\", expression = \"" + expression + "\") on "
					+ this.description + " failed: " + ex.getMessage() + ". The method runs without that label; "
					+ "this is logged once per method.", ex);
		}
	}

	/** The root object of tag expressions: {@code #root.args}, {@code #root.method}, {@code #root.target}. */
	public static final class TagExpressionRoot {

		private final Method method;

		private final @Nullable Object[] args;

		private final @Nullable Object target;

		TagExpressionRoot(Method method, @Nullable Object[] args, @Nullable Object target) {
			this.method = method;
			this.args = args;
			this.target = target;
		}

		public Method getMethod() {
			return this.method;
		}

		public @Nullable Object[] getArgs() {
			return this.args;
		}

		public @Nullable Object getTarget() {
			return this.target;
		}

	}

	/** SpEL (some fifty classes) is loaded only when a tag has an expression. */
	private static final class Expressions {

		static final ExpressionParser PARSER = new SpelExpressionParser();

	}

}

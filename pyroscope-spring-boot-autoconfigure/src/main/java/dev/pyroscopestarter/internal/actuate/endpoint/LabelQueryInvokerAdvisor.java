package dev.pyroscopestarter.internal.actuate.endpoint;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.pyroscopestarter.internal.local.view.LabelFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * Lets {@code /actuator/pyroscope/flamegraph?vehicle=car} filter by label. Operations bind request parameters by
 * name, so an arbitrary label name cannot be a method parameter; but the web layer hands every query parameter
 * to the operation's invoker. This advisor gathers the ones the operation does not declare, together with an
 * explicit {@code labels=vehicle=car,region=eu} parameter, into the {@link LabelFilter} passed as the
 * {@code labels} argument. A malformed filter (a pair without {@code =}, a {@code span_id} that is not 16 hex
 * digits) is answered with status 400 and what to write instead; the operation is not invoked.
 */
public class LabelQueryInvokerAdvisor implements OperationInvokerAdvisor {

	static final String LABELS_PARAMETER = "labels";

	private static final MimeType TEXT = MimeType.valueOf("text/plain;charset=UTF-8");

	@Override
	public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
			OperationInvoker invoker) {
		if (!EndpointId.of(PyroscopeEndpoint.ID).equals(endpointId) || operationType != OperationType.READ
				|| !declares(parameters, LABELS_PARAMETER)) {
			return invoker;
		}
		Set<String> declared = new HashSet<>();
		parameters.forEach((parameter) -> declared.add(parameter.getName()));
		return (context) -> {
			Map<String, Object> arguments = new LinkedHashMap<>();
			Map<String, Object> labels = new LinkedHashMap<>();
			context.getArguments()
				.forEach((name, value) -> (declared.contains(name) ? arguments : labels).put(name, value));
			LabelFilter filter;
			try {
				filter = LabelFilter.of(labels).and(explicitFilter(arguments.get(LABELS_PARAMETER)));
			}
			catch (IllegalArgumentException ex) {
				// Answered here, in plain words: an exception's reason would not reach the response body.
				return new WebEndpointResponse<>("Invalid filter: " + ex.getMessage() + ". Write labels as "
						+ "?vehicle=car or ?labels=vehicle=car,region=eu, a span as ?span_id=<16 hex digits>.\n",
						WebEndpointResponse.STATUS_BAD_REQUEST, TEXT);
			}
			return invoker.invoke(withLabelFilter(context, arguments, filter));
		};
	}

	private static InvocationContext withLabelFilter(InvocationContext context, Map<String, Object> arguments,
			LabelFilter filter) {
		arguments.put(LABELS_PARAMETER, filter);
		SecurityContext security = context.resolveArgument(SecurityContext.class);
		return new InvocationContext((security != null) ? security : SecurityContext.NONE, arguments,
				new DelegatingArgumentResolver(context));
	}

	private static LabelFilter explicitFilter(@Nullable Object value) {
		if (value instanceof LabelFilter filter) {
			return filter;
		}
		if (value instanceof Iterable<?> values) {
			LabelFilter filter = LabelFilter.none();
			for (Object each : values) {
				filter = filter.and(LabelFilter.valueOf(String.valueOf(each)));
			}
			return filter;
		}
		return (value != null) ? LabelFilter.valueOf(value.toString()) : LabelFilter.none();
	}

	private static boolean declares(OperationParameters parameters, String name) {
		for (OperationParameter parameter : parameters) {
			if (parameter.getName().equals(name)) {
				return true;
			}
		}
		return false;
	}

	/** Keeps what the web layer resolves by type (security context, server namespace, accepted types). */
	private record DelegatingArgumentResolver(InvocationContext original) implements OperationArgumentResolver {

		@Override
		public boolean canResolve(Class<?> type) {
			return this.original.canResolve(type);
		}

		@Override
		public <T> @Nullable T resolve(Class<T> type) {
			return this.original.resolveArgument(type);
		}

	}

}

package dev.pyroscopestarter.internal.actuate.endpoint;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.pyroscopestarter.internal.local.view.LabelFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.invoke.reflect.OperationMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;

import static org.assertj.core.api.Assertions.assertThat;

class LabelQueryInvokerAdvisorTest {

	private final LabelQueryInvokerAdvisor advisor = new LabelQueryInvokerAdvisor();

	private final AtomicReference<InvocationContext> invoked = new AtomicReference<>();

	private final OperationInvoker target = (context) -> {
		this.invoked.set(context);
		return "done";
	};

	@Test
	void queryParametersTheOperationDoesNotDeclareBecomeTheLabelFilter() {
		OperationInvoker advised = this.advisor.apply(EndpointId.of("pyroscope"), OperationType.READ,
				recentParameters(), this.target);
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("view", "flamegraph");
		query.put("seconds", "60");
		query.put("vehicle", "car");
		query.put("region", List.of("eu", "us"));
		query.put("labels", "tier=gold");
		assertThat(advised.invoke(context(query))).isEqualTo("done");
		Map<String, Object> arguments = this.invoked.get().getArguments();
		assertThat(arguments).containsEntry("view", "flamegraph").containsEntry("seconds", "60")
			.doesNotContainKeys("vehicle", "region");
		assertThat(((LabelFilter) arguments.get("labels")).accepted()).isEqualTo(
				Map.of("vehicle", Set.of("car"), "region", Set.of("eu", "us"), "tier", Set.of("gold")));
	}

	@Test
	void whatTheWebLayerResolvesByTypeStaysAvailable() {
		OperationInvoker advised = this.advisor.apply(EndpointId.of("pyroscope"), OperationType.READ,
				recentParameters(), this.target);
		InvocationContext original = new InvocationContext(SecurityContext.NONE, new LinkedHashMap<>(Map.of("view", "jfr")),
				OperationArgumentResolver.of(WebServerNamespace.class, () -> WebServerNamespace.MANAGEMENT));
		advised.invoke(original);
		assertThat(this.invoked.get().resolveArgument(WebServerNamespace.class)).isEqualTo(WebServerNamespace.MANAGEMENT);
		assertThat(this.invoked.get().resolveArgument(SecurityContext.class)).isSameAs(SecurityContext.NONE);
		assertThat(((LabelFilter) this.invoked.get().getArguments().get("labels")).isEmpty()).isTrue();
	}

	@Test
	void aMalformedFilterIsABadRequest() {
		OperationInvoker advised = this.advisor.apply(EndpointId.of("pyroscope"), OperationType.READ,
				recentParameters(), this.target);
		Object answer = advised.invoke(context(Map.of("view", "flamegraph", "labels", "vehicle")));
		assertThat(answer).isInstanceOfSatisfying(WebEndpointResponse.class, (response) -> {
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getBody()).asString().contains("'vehicle' is not a name=value pair").contains("?vehicle=car");
		});
		assertThat(this.invoked.get()).as("the operation is not invoked").isNull();
		Object markup = advised.invoke(context(Map.of("view", "flamegraph", "labels", "<script>alert(1)</script>")));
		assertThat(markup).isInstanceOfSatisfying(WebEndpointResponse.class, (response) -> {
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getBody()).asString().contains("a pair is not a name=value pair")
				.doesNotContain("<script>");
		});
		Object markupName = advised.invoke(context(Map.of("view", "flamegraph", "<img src=x>", "car")));
		assertThat(markupName).isInstanceOfSatisfying(WebEndpointResponse.class, (response) -> {
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getBody()).asString().contains("label names are letters, digits")
				.doesNotContain("<img");
		});
	}

	@Test
	void spanAndTraceIdsAreCheckedAndLowerCased() {
		OperationInvoker advised = this.advisor.apply(EndpointId.of("pyroscope"), OperationType.READ,
				recentParameters(), this.target);
		advised.invoke(context(Map.of("view", "flamegraph", "span_id", "00F067AA0BA902B7", "trace_id",
				"A3CE929D0E0E4736")));
		assertThat(((LabelFilter) this.invoked.get().getArguments().get("labels")).accepted()).isEqualTo(Map.of(
				"span_id", Set.of("00f067aa0ba902b7"), "trace_id", Set.of("0000000000000000a3ce929d0e0e4736")));
		for (String bad : List.of("00f067aa0ba902b", "00f067aa0ba902b7a", "00f067aa0ba902bg", "<script>")) {
			Object answer = advised.invoke(context(Map.of("view", "flamegraph", "span_id", bad)));
			assertThat(answer).as(bad).isInstanceOfSatisfying(WebEndpointResponse.class, (response) -> {
				assertThat(response.getStatus()).isEqualTo(400);
				assertThat(response.getBody()).asString().contains("span_id must be 16 hexadecimal digits")
					.doesNotContain("<script>");
			});
		}
		Object badTrace = advised.invoke(context(Map.of("view", "flamegraph", "trace_id", "abc")));
		assertThat(badTrace).isInstanceOfSatisfying(WebEndpointResponse.class,
				(response) -> assertThat(response.getBody()).asString().contains("trace_id must be 32"));
	}

	@Test
	void otherEndpointsAndOperationsAreLeftAlone() throws NoSuchMethodException {
		assertThat(this.advisor.apply(EndpointId.of("loggers"), OperationType.READ, recentParameters(), this.target))
			.isSameAs(this.target);
		Method control = PyroscopeEndpoint.class.getMethod("control", ProfilerAction.class, String.class, String.class,
				String.class, String.class, String.class);
		assertThat(this.advisor.apply(EndpointId.of("pyroscope"), OperationType.WRITE,
				new OperationMethod(control, OperationType.WRITE).getParameters(), this.target)).isSameAs(this.target);
	}

	private static OperationParameters recentParameters() {
		for (Method method : PyroscopeEndpointWebExtension.class.getMethods()) {
			if (method.getName().equals("recent")) {
				return new OperationMethod(method, OperationType.READ).getParameters();
			}
		}
		throw new IllegalStateException("no read operation");
	}

	private static InvocationContext context(Map<String, Object> arguments) {
		return new InvocationContext(SecurityContext.NONE, new LinkedHashMap<>(arguments));
	}

}

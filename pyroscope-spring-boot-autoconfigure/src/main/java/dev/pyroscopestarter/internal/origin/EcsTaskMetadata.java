package dev.pyroscopestarter.internal.origin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.util.StringUtils;

/**
 * The task an ECS container runs in, from the task metadata endpoint v4 ({@code <ECS_CONTAINER_METADATA_URI_V4>/task}),
 * read once, within a time limit. A slow, failing or odd endpoint gives no labels and one log line; startup goes on.
 *
 * @param cluster the cluster's short name, or null
 * @param taskFamily the task definition family, or null
 * @param taskRevision the task definition revision, or null
 * @param availabilityZone the zone, or null
 * @param region the region, from the task ARN, or null
 * @param taskId the task id, from the task ARN, or null
 */
public record EcsTaskMetadata(@Nullable String cluster, @Nullable String taskFamily, @Nullable String taskRevision,
		@Nullable String availabilityZone, @Nullable String region, @Nullable String taskId) {

	/** The environment variable ECS sets in every container (agent 1.39.0+, Fargate 1.4.0+). */
	public static final String URI_VARIABLE = "ECS_CONTAINER_METADATA_URI_V4";

	private static final Log logger = LogFactory.getLog(EcsTaskMetadata.class);

	/**
	 * Reads the task's metadata.
	 * @param containerMetadataUri the value of {@value #URI_VARIABLE}
	 * @param timeout the time allowed for connecting and reading, together
	 * @return the metadata, or null when it could not be read
	 */
	public static @Nullable EcsTaskMetadata read(String containerMetadataUri, Duration timeout) {
		String reason;
		try {
			URI uri = URI.create(StringUtils.trimTrailingCharacter(containerMetadataUri.trim(), '/') + "/task");
			HttpClient client = HttpClient.newBuilder()
				.connectTimeout(timeout)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
			CompletableFuture<HttpResponse<String>> response = client.sendAsync(request,
					HttpResponse.BodyHandlers.ofString());
			try {
				// The request timeout ends waiting for the headers only: this bounds the body too.
				HttpResponse<String> answer = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				if (answer.statusCode() == 200) {
					return parse(answer.body());
				}
				reason = "it answered HTTP " + answer.statusCode();
			}
			catch (TimeoutException ex) {
				response.cancel(true);
				reason = "it did not answer within " + timeout.toMillis() + " ms";
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			reason = "interrupted";
		}
		catch (ExecutionException ex) {
			reason = String.valueOf((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (RuntimeException ex) {
			reason = ex.toString();
		}
		logger.info("ECS task metadata could not be read (" + reason + "): profiles carry no ECS labels. "
				+ "Set pyroscope.platform.ecs.enabled=false to skip reading it.");
		return null;
	}

	static @Nullable EcsTaskMetadata parse(String json) {
		Map<String, Object> task;
		try {
			task = JsonParserFactory.getJsonParser().parseMap(json);
		}
		catch (RuntimeException ex) {
			logger.info("ECS task metadata is not a JSON object: profiles carry no ECS labels.");
			return null;
		}
		String taskArn = text(task.get("TaskARN"));
		// arn:aws:ecs:<region>:<account>:task/<cluster>/<id>
		String[] arn = (taskArn != null) ? taskArn.split(":", 6) : new String[0];
		String region = (arn.length == 6) ? blankToNull(arn[3]) : null;
		String taskId = (arn.length == 6) ? blankToNull(arn[5].substring(arn[5].lastIndexOf('/') + 1)) : null;
		String cluster = text(task.get("Cluster"));
		if (cluster != null && cluster.contains(":cluster/")) {
			cluster = cluster.substring(cluster.indexOf(":cluster/") + ":cluster/".length());
		}
		return new EcsTaskMetadata(cluster, text(task.get("Family")), text(task.get("Revision")),
				text(task.get("AvailabilityZone")), region, taskId);
	}

	/**
	 * The labels: {@code ecs_cluster}, {@code ecs_task_family}, {@code ecs_task_revision}, {@code availability_zone},
	 * {@code region} (all bounded), and the per-task {@code ecs_task_id} only when asked for.
	 */
	public Map<String, String> labels(boolean taskIdLabel) {
		Map<String, String> labels = new LinkedHashMap<>();
		putIfText(labels, "ecs_cluster", this.cluster);
		putIfText(labels, "ecs_task_family", this.taskFamily);
		putIfText(labels, "ecs_task_revision", this.taskRevision);
		putIfText(labels, "availability_zone", this.availabilityZone);
		putIfText(labels, "region", this.region);
		if (taskIdLabel) {
			putIfText(labels, "ecs_task_id", this.taskId);
		}
		return labels;
	}

	private static void putIfText(Map<String, String> labels, String name, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			labels.put(name, value.trim());
		}
	}

	private static @Nullable String text(@Nullable Object value) {
		// Revision is a string in the documented answers; a number would do as well.
		return (value instanceof String || value instanceof Number) ? blankToNull(value.toString()) : null;
	}

	private static @Nullable String blankToNull(String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}

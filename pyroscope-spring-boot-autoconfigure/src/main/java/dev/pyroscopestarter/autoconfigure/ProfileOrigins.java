package dev.pyroscopestarter.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pyroscopestarter.internal.config.InvalidPyroscopeConfigurationException;
import dev.pyroscopestarter.internal.origin.EcsTaskMetadata;
import dev.pyroscopestarter.internal.origin.FleetShare;
import dev.pyroscopestarter.internal.origin.KubernetesPod;
import dev.pyroscopestarter.internal.origin.ProfileOrigin;
import dev.pyroscopestarter.internal.origin.SourceCodeLabels;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.info.GitProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Finds out, once at startup, where this instance's profiles come from: its platform, its source code, whether it
 * is in the profiled share of the fleet. With none of these sources present it costs a few look-ups of the
 * environment.
 */
final class ProfileOrigins {

	/** The longest the ECS task metadata endpoint may take: startup waits for it. */
	static final Duration ECS_TIMEOUT = Duration.ofSeconds(2);

	private ProfileOrigins() {
	}

	static ProfileOrigin detect(PyroscopeProperties properties, Environment environment,
			@Nullable GitProperties git, Path kubernetesNamespaceFile) {
		double share = properties.getFleetShare();
		if (!(share >= 0.0 && share <= 1.0)) {
			throw new InvalidPyroscopeConfigurationException("pyroscope.fleet-share",
					"'" + share + "' is not between 0 and 1",
					"Set pyroscope.fleet-share to the share of instances to profile, for example 0.1 for one in ten.");
		}
		Map<String, String> labels = new LinkedHashMap<>();
		String identity = null;
		PyroscopeProperties.Platform platform = properties.getPlatform();
		String ecsUri = environment.getProperty(EcsTaskMetadata.URI_VARIABLE);
		if (StringUtils.hasText(ecsUri)) {
			EcsTaskMetadata task = platform.getEcs().isEnabled() ? EcsTaskMetadata.read(ecsUri, ECS_TIMEOUT) : null;
			if (task != null) {
				labels.putAll(task.labels(platform.getEcs().isTaskIdLabel()));
			}
			// The task when known, else the container the URI names: stable for the task's life either way.
			identity = (task != null && task.taskId() != null) ? "ecs task " + task.taskId()
					: "ecs container " + ecsUri.substring(ecsUri.lastIndexOf('/') + 1);
		}
		else if (CloudPlatform.KUBERNETES.isActive(environment)) {
			KubernetesPod pod = KubernetesPod.read(kubernetesNamespaceFile, environment.getProperty("HOSTNAME"));
			if (platform.getKubernetes().isEnabled()) {
				labels.putAll(pod.labels(platform.getKubernetes().isPodLabel()));
			}
			identity = (pod.pod() != null) ? "kubernetes pod " + pod.pod() : null;
		}
		if (git != null && properties.getSourceCode().isEnabled()) {
			labels.putAll(SourceCodeLabels.of(git.getCommitId(), git.get("remote.origin.url"),
					properties.getSourceCode().getRootPath()));
		}
		FleetShare fleetShare = (share >= 1.0) ? FleetShare.all() : FleetShare.decide(share, identity);
		return new ProfileOrigin(labels, identity, fleetShare);
	}

}

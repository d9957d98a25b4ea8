package dev.pyroscopestarter.internal.origin;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What was found out at startup about where this instance's profiles come from.
 *
 * @param labels the detected labels (platform and source code), which the user's own labels override
 * @param instanceIdentity a stable identity of this instance (ECS task, Kubernetes Pod), or null
 * @param fleetShare whether this instance is profiled
 */
public record ProfileOrigin(Map<String, String> labels, @Nullable String instanceIdentity, FleetShare fleetShare) {

	public ProfileOrigin {
		labels = Map.copyOf(labels);
	}

	/** Nothing detected, every instance profiled. */
	public static ProfileOrigin none() {
		return new ProfileOrigin(Map.of(), null, FleetShare.all());
	}

}

package dev.pyroscopestarter.autoconfigure;

import java.util.Map;
import java.util.TreeMap;

import dev.pyroscopestarter.internal.agent.AgentSettings;
import dev.pyroscopestarter.internal.agent.IngestNames;
import dev.pyroscopestarter.internal.agent.ServerLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels found at startup (platform, source code) never take the room the user's labels and the dynamic labels
 * need: they are left out, said once, rather than having every upload refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class DetectedLabelsLimitTest {

	@Test
	void detectedLabelsBeyondTheServersLimitAreLeftOutAndLogged(CapturedOutput output) {
		PyroscopeProperties properties = new PyroscopeProperties();
		for (int i = 0; i < 15; i++) {
			properties.getLabels().put("user_" + i, "v");
		}
		Map<String, String> detected = new TreeMap<>();
		for (int i = 0; i < 10; i++) {
			detected.put("found_" + i, "v");
		}
		AgentSettings settings = PyroscopePropertiesResolver.agentSettings(properties, null, null, null, detected);
		assertThat(settings.labels()).containsKeys(properties.getLabels().keySet().toArray(String[]::new));
		int names = IngestNames.fixedLabelNames(IngestNames.of(settings.applicationName(), settings.labels()));
		assertThat(names + PyroscopePropertiesResolver.NAMES_KEPT_FOR_DYNAMIC_LABELS)
			.isEqualTo(ServerLimits.MAX_LABEL_NAMES);
		assertThat(settings.labels()).containsKeys("found_0", "found_1").doesNotContainKey("found_9");
		assertThat(output).containsOnlyOnce("are left out to keep room for dynamic labels").contains("found_9");
	}

	@Test
	void detectedLabelsWithRoomAreAllKept(CapturedOutput output) {
		AgentSettings settings = PyroscopePropertiesResolver.agentSettings(new PyroscopeProperties(), null, null, null,
				Map.of("region", "eu-west-1", "ecs_cluster", "prod"));
		assertThat(settings.labels()).containsEntry("region", "eu-west-1").containsEntry("ecs_cluster", "prod");
		assertThat(output).doesNotContain("left out");
	}

}

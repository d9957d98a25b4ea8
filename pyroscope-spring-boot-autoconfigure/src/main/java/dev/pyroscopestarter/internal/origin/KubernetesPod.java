package dev.pyroscopestarter.internal.origin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The Pod a container runs in: its namespace from the service account's mounted namespace file, its name from the
 * host name (the Pod's name unless the Pod spec sets another).
 *
 * @param namespace the namespace, or null when the file is not mounted
 * @param pod the Pod's name, or null
 */
public record KubernetesPod(@Nullable String namespace, @Nullable String pod) {

	/** Where Kubernetes mounts the namespace while the service account token is mounted. */
	public static final Path NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

	/**
	 * Reads the Pod's namespace and name.
	 * @param namespaceFile the namespace file
	 * @param hostname the value of {@code HOSTNAME}, or null
	 */
	public static KubernetesPod read(Path namespaceFile, @Nullable String hostname) {
		String namespace = null;
		try {
			if (Files.isReadable(namespaceFile) && Files.size(namespaceFile) < 1024) {
				namespace = Files.readString(namespaceFile, StandardCharsets.UTF_8).trim();
			}
		}
		catch (IOException ex) {
			// No namespace label; the Pod keeps running as before.
		}
		return new KubernetesPod(StringUtils.hasText(namespace) ? namespace : null,
				StringUtils.hasText(hostname) ? hostname.trim() : null);
	}

	/** {@code namespace} (bounded), and the per-Pod {@code pod} only when asked for. */
	public Map<String, String> labels(boolean podLabel) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (this.namespace != null) {
			labels.put("namespace", this.namespace);
		}
		if (podLabel && this.pod != null) {
			labels.put("pod", this.pod);
		}
		return labels;
	}

}

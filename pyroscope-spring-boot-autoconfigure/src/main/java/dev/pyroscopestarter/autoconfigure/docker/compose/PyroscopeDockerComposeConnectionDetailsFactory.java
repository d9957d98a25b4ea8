package dev.pyroscopestarter.autoconfigure.docker.compose;

import dev.pyroscopestarter.autoconfigure.PyroscopeConnectionDetails;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * {@link PyroscopeConnectionDetails} for a Docker Compose service running {@code grafana/pyroscope}, or
 * {@code grafana/otel-lgtm}, which bundles Pyroscope on the same port.
 */
class PyroscopeDockerComposeConnectionDetailsFactory
		extends DockerComposeConnectionDetailsFactory<PyroscopeConnectionDetails> {

	/** The port Pyroscope serves HTTP on, in both images. */
	private static final int PYROSCOPE_PORT = 4040;

	private static final String[] IMAGES = { "grafana/pyroscope", "grafana/otel-lgtm" };

	PyroscopeDockerComposeConnectionDetailsFactory() {
		super(IMAGES, "dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration");
	}

	@Override
	protected PyroscopeConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new PyroscopeDockerComposeConnectionDetails(source.getRunningService());
	}

	static final class PyroscopeDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements PyroscopeConnectionDetails {

		private final String serverAddress;

		PyroscopeDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.serverAddress = "http://" + service.host() + ":" + service.ports().get(PYROSCOPE_PORT);
		}

		@Override
		public String getServerAddress() {
			return this.serverAddress;
		}

	}

}

package dev.pyroscopestarter.autoconfigure.testcontainers;

import java.util.List;

import dev.pyroscopestarter.autoconfigure.PyroscopeConnectionDetails;
import org.testcontainers.containers.Container;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * {@link PyroscopeConnectionDetails} for a {@code @ServiceConnection} container running {@code grafana/pyroscope},
 * or {@code grafana/otel-lgtm} (whose Pyroscope port 4040 the container must expose).
 */
class PyroscopeContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, PyroscopeConnectionDetails> {

	private static final int PYROSCOPE_PORT = 4040;

	PyroscopeContainerConnectionDetailsFactory() {
		super(List.of("grafana/pyroscope", "grafana/otel-lgtm"),
				"dev.pyroscopestarter.autoconfigure.PyroscopeAutoConfiguration");
	}

	@Override
	protected PyroscopeConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new PyroscopeContainerConnectionDetails(source);
	}

	private static final class PyroscopeContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements PyroscopeConnectionDetails {

		PyroscopeContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		// Asked when the exporter is made, which starts the container if it is not running yet.
		@Override
		public String getServerAddress() {
			Container<?> container = getContainer();
			return "http://" + container.getHost() + ":" + container.getMappedPort(PYROSCOPE_PORT);
		}

	}

}

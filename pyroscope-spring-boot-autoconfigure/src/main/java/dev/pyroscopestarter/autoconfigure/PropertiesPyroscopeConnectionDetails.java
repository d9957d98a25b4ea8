package dev.pyroscopestarter.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * {@link PyroscopeConnectionDetails} from the {@code pyroscope.*} properties. Its {@link #toString()} shows no
 * credentials.
 */
final class PropertiesPyroscopeConnectionDetails implements PyroscopeConnectionDetails {

	private final PyroscopeProperties properties;

	PropertiesPyroscopeConnectionDetails(PyroscopeProperties properties) {
		this.properties = properties;
	}

	@Override
	public String getServerAddress() {
		String address = this.properties.getServerAddress();
		return (address != null) ? address.trim() : "";
	}

	@Override
	public @Nullable String getTenantId() {
		return this.properties.getTenantId();
	}

	@Override
	public @Nullable String getAuthToken() {
		return this.properties.getAuthToken();
	}

	@Override
	public @Nullable String getBasicAuthUsername() {
		return this.properties.getBasicAuth().getUsername();
	}

	@Override
	public @Nullable String getBasicAuthPassword() {
		return this.properties.getBasicAuth().getPassword();
	}

	@Override
	public String toString() {
		return "PropertiesPyroscopeConnectionDetails";
	}

}

package dev.pyroscopestarter.export.ingest;

import java.util.Optional;

/**
 * Fetches credentials anew after the server refused them (401 or 403), for credentials that rotate in the place
 * they come from, such as a secret.
 */
@FunctionalInterface
public interface CredentialsRefresher {

	/**
	 * @return the credentials as their source holds them now, or empty when they cannot be fetched or were fetched
	 * too recently
	 */
	Optional<IngestCredentials> refresh();

}

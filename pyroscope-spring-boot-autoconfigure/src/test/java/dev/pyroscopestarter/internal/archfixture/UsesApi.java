package dev.pyroscopestarter.internal.archfixture;

import dev.pyroscopestarter.LeakyApi;

/** A class of a lower package that uses a higher one, for ArchitectureTest's check of its layer rule. */
public class UsesApi {

	public LeakyApi upper() {
		return new LeakyApi(null);
	}

}

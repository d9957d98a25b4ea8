package dev.pyroscopestarter;

import java.util.List;

/**
 * A public type that breaks {@link ArchitectureTest}'s signature rule in each way it checks (a constructor, a
 * method, a generic field), so that the rule is seen to fail.
 */
public class LeakyApi {

	public final List<Hidden> all = List.of();

	public LeakyApi(Hidden hidden) {
	}

	public Hidden leak() {
		return new Hidden();
	}

	static class Hidden {

	}

}

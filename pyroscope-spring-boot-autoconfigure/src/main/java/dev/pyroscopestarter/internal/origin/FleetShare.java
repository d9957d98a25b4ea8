package dev.pyroscopestarter.internal.origin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Whether this instance is in the profiled share of its fleet. The choice is a hash of a stable instance identity
 * (the ECS task, the Kubernetes Pod), so an instance keeps its answer across restarts of its JVM and a share of
 * 0.1 profiles about one instance in ten; without an identity it is drawn at random at each start.
 *
 * @param share the share of instances profiled, from 0 to 1
 * @param identity what the choice was made from, for example {@code ecs task 4b1c...}, or null when drawn at random
 * @param selected whether this instance is profiled
 */
public record FleetShare(double share, @Nullable String identity, boolean selected) {

	private static final int BUCKETS = 10_000;

	/** Every instance profiled: the default. */
	public static FleetShare all() {
		return new FleetShare(1.0, null, true);
	}

	/**
	 * Decides for this instance.
	 * @param share the share of instances to profile, from 0 to 1
	 * @param identity a stable identity of this instance, or null
	 */
	public static FleetShare decide(double share, @Nullable String identity) {
		if (share >= 1.0) {
			return new FleetShare(1.0, identity, true);
		}
		int bucket = (identity != null) ? bucket(identity) : ThreadLocalRandom.current().nextInt(BUCKETS);
		return new FleetShare(share, identity, bucket < Math.round(share * BUCKETS));
	}

	static int bucket(String identity) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			long value = 0;
			for (int i = 0; i < 8; i++) {
				value = (value << 8) | (hash[i] & 0xff);
			}
			return (int) Long.remainderUnsigned(value, BUCKETS);
		}
		catch (NoSuchAlgorithmException ex) {
			// Every JVM has SHA-256.
			throw new IllegalStateException(ex);
		}
	}

}

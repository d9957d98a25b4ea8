package dev.pyroscopestarter.internal.labels.annotation;

import dev.pyroscopestarter.labels.ProfileTag;

/**
 * A {@link ProfileTag} that cannot work, found when its bean is created.
 */
public class InvalidProfileTagException extends IllegalStateException {

	InvalidProfileTagException(ProfileTag tag, String where, String problem) {
		super("Invalid @ProfileTag(key = \"" + tag.key() + "\""
				+ (tag.expression().isEmpty() ? ", value = \"" + tag.value() + "\"" : ", expression = \"" + tag.expression() + "\"")
				+ ") on " + where + ": " + problem + ".");
	}

}

package dev.pyroscopestarter.internal.labels.annotation;

import dev.pyroscopestarter.labels.ProfileTag;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisor's class filter: it must let through every class whose calls can carry tags, and spare the others
 * the per-method look-up.
 */
class ProfileTagAdvisorTest {

	@Test
	void classesWithoutTagsAnywhereAreSkipped() {
		assertThat(ProfileTagAdvisor.mayCarryTags(Untagged.class)).isFalse();
		assertThat(ProfileTagAdvisor.mayCarryTags(String.class)).isFalse();
	}

	@Test
	void tagsOnTheClassOnAMethodOrInheritedMakeACandidate() {
		assertThat(ProfileTagAdvisor.mayCarryTags(TaggedClass.class)).isTrue();
		assertThat(ProfileTagAdvisor.mayCarryTags(TaggedMethod.class)).isTrue();
		assertThat(ProfileTagAdvisor.mayCarryTags(RepeatedTags.class)).isTrue();
		assertThat(ProfileTagAdvisor.mayCarryTags(SubclassOfTaggedMethod.class)).isTrue();
		assertThat(ProfileTagAdvisor.mayCarryTags(ImplementsTaggedInterface.class)).isTrue();
	}

	@Test
	void aProxyClassIsJudgedByTheClassItProxies() {
		ProxyFactory factory = new ProxyFactory(new TaggedMethod());
		factory.setProxyTargetClass(true);
		assertThat(ProfileTagAdvisor.mayCarryTags(factory.getProxy().getClass())).isTrue();
	}

	static class Untagged {

		public void work() {
		}

	}

	@ProfileTag(key = "tier", value = "gold")
	static class TaggedClass {

		public void work() {
		}

	}

	static class TaggedMethod {

		@ProfileTag(key = "vehicle", value = "car")
		public void work() {
		}

	}

	static class RepeatedTags {

		@ProfileTag(key = "vehicle", value = "car")
		@ProfileTag(key = "region", value = "eu")
		public void work() {
		}

	}

	static class SubclassOfTaggedMethod extends TaggedMethod {

	}

	interface TaggedInterface {

		@ProfileTag(key = "vehicle", value = "bike")
		void work();

	}

	static class ImplementsTaggedInterface implements TaggedInterface {

		@Override
		public void work() {
		}

	}

}

package dev.pyroscopestarter.internal.origin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SourceCodeLabelsTest {

	@Test
	void httpsRemoteWithCredentialsLosesThemAndItsGitSuffix() {
		assertThat(SourceCodeLabels.repositoryUrl("https://x-access-token:ghp_S3cr3t@github.com/acme/rides.git"))
			.isEqualTo("https://github.com/acme/rides");
		assertThat(SourceCodeLabels.repositoryUrl("https://deploy@GitHub.com/acme/rides/"))
			.isEqualTo("https://github.com/acme/rides");
	}

	@Test
	void sshRemotesBecomeTheirWebUrl() {
		assertThat(SourceCodeLabels.repositoryUrl("git@github.com:acme/rides.git"))
			.isEqualTo("https://github.com/acme/rides");
		assertThat(SourceCodeLabels.repositoryUrl("ssh://git@github.com:22/acme/rides.git"))
			.isEqualTo("https://github.com/acme/rides");
	}

	@Test
	void localRemotesGiveNoRepository() {
		assertThat(SourceCodeLabels.repositoryUrl("/work/main")).isNull();
		assertThat(SourceCodeLabels.repositoryUrl("file:///work/main")).isNull();
		assertThat(SourceCodeLabels.repositoryUrl("../rides")).isNull();
		assertThat(SourceCodeLabels.repositoryUrl(" ")).isNull();
	}

	@Test
	void labelsCarryTheFullCommitAndTheRootPath() {
		assertThat(SourceCodeLabels.of("0a42e96f0c7d1d7a3a4c3e1f3f9a7c2b1d0e9f8a", "git@github.com:acme/rides.git",
				"/services/rideshare/"))
			.containsExactly(entry("service_repository", "https://github.com/acme/rides"),
					entry("service_git_ref", "0a42e96f0c7d1d7a3a4c3e1f3f9a7c2b1d0e9f8a"),
					entry("service_root_path", "services/rideshare"));
		assertThat(SourceCodeLabels.of(null, null, null)).isEmpty();
	}

}

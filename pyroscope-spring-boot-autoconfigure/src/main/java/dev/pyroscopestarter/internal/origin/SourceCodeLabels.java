package dev.pyroscopestarter.internal.origin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The labels with which Grafana Pyroscope opens a frame's source line: {@code service_repository},
 * {@code service_git_ref}, {@code service_root_path}.
 */
public final class SourceCodeLabels {

	/** {@code git@github.com:org/repo.git}: scp-like syntax, which has no scheme. */
	private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");

	private SourceCodeLabels() {
	}

	/**
	 * The labels for a build.
	 * @param commitId the full commit id, or null
	 * @param remoteUrl the origin's URL as git knows it (it may hold credentials), or null
	 * @param rootPath the module's path inside the repository, or null
	 */
	public static Map<String, String> of(@Nullable String commitId, @Nullable String remoteUrl,
			@Nullable String rootPath) {
		Map<String, String> labels = new LinkedHashMap<>();
		String repository = repositoryUrl(remoteUrl);
		if (repository != null) {
			labels.put("service_repository", repository);
		}
		if (StringUtils.hasText(commitId)) {
			labels.put("service_git_ref", commitId.trim());
		}
		if (StringUtils.hasText(rootPath)) {
			String path = StringUtils.trimTrailingCharacter(StringUtils.trimLeadingCharacter(rootPath.trim(), '/'),
					'/');
			if (!path.isEmpty()) {
				labels.put("service_root_path", path);
			}
		}
		return labels;
	}

	/**
	 * The repository's web URL: the host and path of the remote, without user info, port, {@code .git} or a trailing
	 * slash; SSH remotes become {@code https://host/path}. Null for a remote that is no network URL (a local path).
	 * Built from the host and path alone, so no credential of the remote can reach it.
	 */
	static @Nullable String repositoryUrl(@Nullable String remoteUrl) {
		if (!StringUtils.hasText(remoteUrl)) {
			return null;
		}
		String remote = remoteUrl.trim();
		String scheme;
		String host;
		String path;
		if (remote.contains("://")) {
			URI uri;
			try {
				uri = new URI(remote);
			}
			catch (URISyntaxException ex) {
				return null;
			}
			if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() == null) {
				return null;
			}
			scheme = uri.getScheme().toLowerCase();
			if (scheme.equals("file")) {
				return null;
			}
			scheme = scheme.equals("http") ? "http" : "https";
			host = uri.getHost();
			path = uri.getRawPath();
		}
		else {
			Matcher scp = SCP_LIKE.matcher(remote);
			if (!scp.matches()) {
				return null;
			}
			scheme = "https";
			host = scp.group(1);
			path = "/" + scp.group(2);
		}
		path = StringUtils.trimTrailingCharacter(path, '/');
		if (path.endsWith(".git")) {
			path = path.substring(0, path.length() - 4);
		}
		if (path.isEmpty() || path.equals("/")) {
			return null;
		}
		return scheme + "://" + host.toLowerCase() + (path.startsWith("/") ? path : "/" + path);
	}

}

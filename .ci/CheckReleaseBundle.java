import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks what `./mvnw -Prelease verify` left in each module's target/ against what Maven Central takes: every
 * published module (the root's modules that do not set pyroscope.publish.skip, and the root itself) has the POM
 * metadata Central requires (its own or inherited from the root), and every published jar module its jar, sources
 * jar and javadoc jar, each with content. With REQUIRE_SIGNATURES=true, each of those files has its .asc beside it.
 * <p>
 * Run from the repository root with a JDK (no other tool): {@code java .ci/CheckReleaseBundle.java}.
 */
public class CheckReleaseBundle {

	private static final List<String> problems = new ArrayList<>();

	private static int checked;

	public static void main(String[] args) throws Exception {
		File root = new File(".");
		Element rootPom = read(new File(root, "pom.xml"));
		String version = text(rootPom, "version");
		boolean requireSignatures = "true".equals(System.getenv("REQUIRE_SIGNATURES"));
		checkMetadata("pyroscope-spring-boot-parent", rootPom, rootPom);
		for (Element module : children(child(rootPom, "modules"), "module")) {
			String dir = module.getTextContent().trim();
			Element pom = read(new File(root, dir + "/pom.xml"));
			String artifactId = text(pom, "artifactId");
			Element properties = child(pom, "properties");
			if (properties != null && "true".equals(text(properties, "pyroscope.publish.skip"))) {
				System.out.println("not published: " + artifactId);
				continue;
			}
			checkMetadata(artifactId, pom, rootPom);
			File target = new File(root, dir + "/target");
			for (String classifier : new String[] { "", "-sources", "-javadoc" }) {
				File jar = new File(target, artifactId + "-" + version + classifier + ".jar");
				checkJar(artifactId, jar, classifier);
				if (requireSignatures) {
					checkSignature(artifactId, jar);
				}
			}
		}
		if (problems.isEmpty()) {
			System.out.println("release bundle: " + checked + " passed, 0 failed");
			return;
		}
		problems.forEach((problem) -> System.out.println("MISSING: " + problem));
		System.out.println("release bundle: " + checked + " passed, " + problems.size() + " failed");
		System.exit(1);
	}

	// Name and description are the module's own; the rest may come from the root POM, as Maven inherits it.
	private static void checkMetadata(String artifactId, Element pom, Element rootPom) {
		require(artifactId, "name", text(pom, "name"));
		require(artifactId, "description", text(pom, "description"));
		require(artifactId, "url", first(text(pom, "url"), text(rootPom, "url")));
		Element licenses = first(child(pom, "licenses"), child(rootPom, "licenses"));
		require(artifactId, "licenses/license/name", (licenses != null) ? text(child(licenses, "license"), "name") : null);
		require(artifactId, "licenses/license/url", (licenses != null) ? text(child(licenses, "license"), "url") : null);
		Element scm = first(child(pom, "scm"), child(rootPom, "scm"));
		require(artifactId, "scm/url", (scm != null) ? text(scm, "url") : null);
		require(artifactId, "scm/connection", (scm != null) ? text(scm, "connection") : null);
		Element developers = first(child(pom, "developers"), child(rootPom, "developers"));
		require(artifactId, "developers/developer/name",
				(developers != null) ? text(child(developers, "developer"), "name") : null);
	}

	private static void checkJar(String artifactId, File jar, String classifier) throws IOException {
		if (!jar.isFile()) {
			problems.add(artifactId + ": " + jar.getPath() + " (was ./mvnw -Prelease verify run?)");
			return;
		}
		try (ZipFile zip = new ZipFile(jar)) {
			boolean hasContent = zip.stream().anyMatch((entry) -> !entry.isDirectory()
					&& !entry.getName().startsWith("META-INF/maven/") && !entry.getName().equals("META-INF/MANIFEST.MF"));
			boolean javadocIndex = !classifier.equals("-javadoc") || zip.getEntry("index.html") != null
					|| zip.getEntry("README.txt") != null;
			if (!hasContent || !javadocIndex) {
				problems.add(artifactId + ": " + jar.getName() + " is empty");
				return;
			}
		}
		checked++;
	}

	private static void checkSignature(String artifactId, File jar) {
		File signature = new File(jar.getPath() + ".asc");
		File inGpgDir = new File(jar.getParentFile(), "gpg/" + jar.getName() + ".asc");
		if (signature.isFile() || inGpgDir.isFile()) {
			checked++;
		}
		else {
			problems.add(artifactId + ": signature of " + jar.getName());
		}
	}

	private static void require(String artifactId, String what, String value) {
		if (value == null || value.isBlank()) {
			problems.add(artifactId + ": POM " + what);
		}
		else {
			checked++;
		}
	}

	private static Element read(File file) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		Document document = factory.newDocumentBuilder().parse(file);
		return document.getDocumentElement();
	}

	private static <T> T first(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static Element child(Element parent, String name) {
		if (parent == null) {
			return null;
		}
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		return null;
	}

	private static List<Element> children(Element parent, String name) {
		List<Element> found = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				found.add(element);
			}
		}
		return found;
	}

	private static String text(Element parent, String name) {
		Element element = child(parent, name);
		return (element != null) ? element.getTextContent().trim() : null;
	}

}

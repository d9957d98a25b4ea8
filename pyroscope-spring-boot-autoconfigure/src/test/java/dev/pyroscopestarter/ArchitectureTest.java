package dev.pyroscopestarter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.pyroscopestarter.internal.archfixture.UsesApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of ARCHITECTURE.md, checked on the compiled main classes, so that a change that breaks the layout
 * fails the build rather than a later reader.
 */
class ArchitectureTest {

	static final String INTERNAL = "dev.pyroscopestarter.internal..";

	/** The most public top-level types outside {@code internal} packages: the API is kept small on purpose. */
	static final int MAX_API_TYPES = 40;

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.pyroscopestarter");
	}

	/**
	 * Credentials go from the configuration to the uploader and stay there: no public method hands back the
	 * settings that hold them or the credentials themselves, except the settings record's own accessor and the
	 * refresher whose job is to supply fresh ones.
	 */
	@Test
	void noPublicAccessorReturnsCredentials() {
		Set<String> secretHolders = Set.of("dev.pyroscopestarter.internal.export.ingest.IngestSettings",
				"dev.pyroscopestarter.export.ingest.IngestCredentials");
		List<String> violations = new ArrayList<>();
		for (JavaClass type : classes) {
			if (secretHolders.contains(type.getName())
					|| type.isAssignableTo("dev.pyroscopestarter.export.ingest.CredentialsRefresher")) {
				continue;
			}
			type.getMethods()
				.stream()
				.filter((method) -> method.getModifiers().contains(JavaModifier.PUBLIC))
				.filter((method) -> secretHolders.contains(method.getRawReturnType().getName()))
				.forEach((method) -> violations.add(method.getFullName()));
		}
		assertThat(violations).as("public methods returning credentials").isEmpty();
	}

	@Test
	void onlyTheAgentPackageTouchesTheAgent() {
		noClasses().that()
			.resideOutsideOfPackage("dev.pyroscopestarter.internal.agent..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.pyroscope..")
			.check(classes);
	}

	@Test
	void onlyAutoConfigurationReadsProperties() {
		noClasses().that()
			.resideOutsideOfPackage("dev.pyroscopestarter.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.pyroscopestarter.autoconfigure..")
			.check(classes);
	}

	@Test
	void theLabelsApiDependsOnNothingOfTheStarter() {
		noClasses().that()
			.resideInAnyPackage("dev.pyroscopestarter.labels", "dev.pyroscopestarter.labels.reactor")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(INTERNAL)
			.check(classes);
	}

	@Test
	void noPackageCycles() {
		slices().matching("dev.pyroscopestarter.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theLayersOfArchitectureMdHold() throws IOException {
		List<Layer> layers = Layer.fromArchitectureMd(Path.of("..", "ARCHITECTURE.md"));
		assertThat(layers).extracting(Layer::name)
			.containsExactly("wiring", "actuator", "sources", "runtime", "engine", "api");
		layeredArchitecture(layers).check(classes);
	}

	@Test
	void everyPackageIsInALayer() throws IOException {
		List<Layer> layers = Layer.fromArchitectureMd(Path.of("..", "ARCHITECTURE.md"));
		Set<String> unplaced = new TreeSet<>();
		for (JavaClass type : classes) {
			if (layers.stream().noneMatch((layer) -> layer.contains(type.getPackageName()))) {
				unplaced.add(type.getPackageName());
			}
		}
		assertThat(unplaced).as("packages in no layer of ARCHITECTURE.md").isEmpty();
	}

	@Test
	void aDependencyOnAHigherLayerBreaksTheLayers() {
		List<Layer> layers = List.of(new Layer("upper", List.of("dev.pyroscopestarter")),
				new Layer("lower", List.of("dev.pyroscopestarter.internal..")));
		JavaClasses fixture = new ClassFileImporter().importClasses(LeakyApi.class, UsesApi.class);
		assertThat(layeredArchitecture(layers).evaluate(fixture).hasViolation()).as("lower uses upper").isTrue();
		List<Layer> inverted = List.of(layers.get(1), layers.get(0));
		assertThat(layeredArchitecture(inverted).evaluate(fixture).hasViolation()).as("upper uses lower").isFalse();
	}

	private static ArchRule layeredArchitecture(List<Layer> layers) {
		LayeredArchitecture architecture = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
		for (Layer layer : layers) {
			architecture = architecture.layer(layer.name()).definedBy(layer.packages().toArray(new String[0]));
		}
		for (int i = 1; i < layers.size(); i++) {
			String[] above = layers.subList(0, i).stream().map(Layer::name).toArray(String[]::new);
			architecture = architecture.whereLayer(layers.get(i).name()).mayOnlyBeAccessedByLayers(above);
		}
		return architecture.whereLayer(layers.get(0).name()).mayNotBeAccessedByAnyLayer().allowEmptyShould(true);
	}

	/**
	 * One line of ARCHITECTURE.md's {@code layers} block, such as {@code layer runtime: internal.local.., internal.labels.web}.
	 */
	record Layer(String name, List<String> packages) {

		static List<Layer> fromArchitectureMd(Path file) throws IOException {
			List<Layer> layers = new ArrayList<>();
			boolean inBlock = false;
			for (String line : Files.readAllLines(file)) {
				if (line.startsWith("```layers")) {
					inBlock = true;
				}
				else if (inBlock && line.startsWith("```")) {
					break;
				}
				else if (inBlock && line.startsWith("layer ")) {
					int colon = line.indexOf(':');
					List<String> packages = Arrays.stream(line.substring(colon + 1).split(","))
						.map(String::strip)
						.map((name) -> "dev.pyroscopestarter." + name)
						.toList();
					layers.add(new Layer(line.substring("layer ".length(), colon).strip(), packages));
				}
			}
			return layers;
		}

		boolean contains(String packageName) {
			return this.packages.stream()
				.anyMatch((pattern) -> pattern.endsWith("..")
						? (packageName + ".").startsWith(pattern.substring(0, pattern.length() - 1))
						: packageName.equals(pattern));
		}

	}

	@Test
	void apiTypesExposeNoInternalType() {
		apiTypesExposeNoInternalTypeRule().check(classes);
	}

	@Test
	void theApiIsSmall() {
		Set<String> api = new TreeSet<>();
		for (JavaClass type : classes) {
			if (isApi(type) && type.isTopLevelClass()) {
				api.add(type.getName());
			}
		}
		assertThat(api).as("public top-level types outside internal packages").hasSizeLessThanOrEqualTo(MAX_API_TYPES);
	}

	@Test
	void theSignatureRuleFindsAnInternalTypeInAnApiSignature() {
		JavaClasses fixture = new ClassFileImporter().importClasses(LeakyApi.class, LeakyApi.Hidden.class);
		assertThat(apiTypesExposeNoInternalTypeRule().evaluate(fixture).getFailureReport().getDetails())
			.anySatisfy((line) -> assertThat(line).contains("LeakyApi.leak()").contains("Hidden"))
			.anySatisfy((line) -> assertThat(line).contains("LeakyApi.<init>").contains("Hidden"))
			.anySatisfy((line) -> assertThat(line).contains("LeakyApi.all").contains("Hidden"));
	}

	static ArchRule apiTypesExposeNoInternalTypeRule() {
		return classes().that(api()).should(exposeNoInternalType()).allowEmptyShould(true);
	}

	static boolean isApi(JavaClass type) {
		return type.getModifiers().contains(JavaModifier.PUBLIC)
				&& !type.getPackageName().startsWith("dev.pyroscopestarter.internal")
				&& (type.isTopLevelClass() || type.getEnclosingClass().map(ArchitectureTest::isApi).orElse(false));
	}

	private static DescribedPredicate<JavaClass> api() {
		return DescribedPredicate.describe("are public API (public, outside internal packages)",
				ArchitectureTest::isApi);
	}

	private static ArchCondition<JavaClass> exposeNoInternalType() {
		return new ArchCondition<>("expose no internal type in a public or protected signature") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				for (String problem : internalTypesExposedBy(type)) {
					events.add(SimpleConditionEvent.violated(type, problem));
				}
			}

		};
	}

	static List<String> internalTypesExposedBy(JavaClass type) {
		List<String> problems = new ArrayList<>();
		type.getRawSuperclass()
			.filter(ArchitectureTest::isInternal)
			.ifPresent((s) -> problems.add(type.getName() + " extends " + s.getName()));
		type.getRawInterfaces()
			.stream()
			.filter(ArchitectureTest::isInternal)
			.forEach((i) -> problems.add(type.getName() + " implements " + i.getName()));
		for (JavaMember member : type.getMembers()) {
			if (!isVisible(member)) {
				continue;
			}
			List<JavaType> signature = new ArrayList<>();
			if (member instanceof JavaCodeUnit code) {
				signature.addAll(code.getParameterTypes());
				signature.add(code.getReturnType());
				code.getThrowsClause().getTypes().forEach(signature::add);
			}
			else if (member instanceof JavaField field) {
				signature.add(field.getType());
			}
			for (JavaType part : signature) {
				for (JavaClass involved : part.getAllInvolvedRawTypes()) {
					if (isInternal(involved)) {
						problems.add(member.getFullName() + " exposes " + involved.getName());
					}
				}
			}
		}
		return problems;
	}

	private static boolean isVisible(JavaMember member) {
		Set<JavaModifier> modifiers = member.getModifiers();
		return modifiers.contains(JavaModifier.PUBLIC) || (modifiers.contains(JavaModifier.PROTECTED)
				&& !member.getOwner().getModifiers().contains(JavaModifier.FINAL));
	}

	private static boolean isInternal(JavaClass type) {
		JavaClass base = type.getBaseComponentType();
		return base.getPackageName().startsWith("dev.pyroscopestarter") && !isApi(base);
	}

}

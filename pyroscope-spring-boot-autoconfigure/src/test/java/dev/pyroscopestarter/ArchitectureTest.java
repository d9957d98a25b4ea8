package dev.pyroscopestarter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of ARCHITECTURE.md, checked on the compiled main classes, so that a change that breaks the layout
 * fails the build rather than a later reader.
 */
class ArchitectureTest {

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.pyroscopestarter");
	}

	@Test
	void onlyTheAgentPackageTouchesTheAgent() {
		noClasses().that()
			.resideOutsideOfPackage("dev.pyroscopestarter.agent")
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
			.resideInAPackage("dev.pyroscopestarter.labels")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pyroscopestarter.labels.support..", "dev.pyroscopestarter.agent..")
			.check(classes);
	}

	@Test
	void noPackageCycles() {
		slices().matching("dev.pyroscopestarter.(**)").should().beFreeOfCycles().check(classes);
	}

}

package dev.pyroscopestarter;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API as a checked-in text file: each public type outside the {@code internal} packages with its public
 * and protected signatures, rendered from the compiled classes. A change to the API fails here until
 * {@value #SNAPSHOT} is updated in the same commit, so that every API change is seen in review (as Kotlin's
 * binary-compatibility validator and metalava do). To update it after a deliberate change:
 * {@code ./mvnw -pl pyroscope-spring-boot-autoconfigure verify -Dtest=ApiSnapshotTest -Dpyroscope.api.update=true}.
 */
class ApiSnapshotTest {

	static final String SNAPSHOT = "api/pyroscope-spring-boot-autoconfigure.api";

	@Test
	void theApiIsWhatTheSnapshotSays() throws IOException {
		String rendered = render(apiTypes());
		Path snapshot = Path.of(SNAPSHOT);
		if (Boolean.getBoolean("pyroscope.api.update")) {
			Files.createDirectories(snapshot.getParent());
			Files.writeString(snapshot, rendered, StandardCharsets.UTF_8);
		}
		assertThat(snapshot).as("the API snapshot %s", SNAPSHOT).exists();
		String expected = Files.readString(snapshot, StandardCharsets.UTF_8);
		assertThat(difference(expected, rendered))
			.as("The public API differs from %s (- in the snapshot only, + in the code only). If the change is "
					+ "deliberate, update the snapshot in the same commit: ./mvnw -pl pyroscope-spring-boot-autoconfigure "
					+ "verify -Dtest=ApiSnapshotTest -Dpyroscope.api.update=true", SNAPSHOT)
			.isEmpty();
	}

	/** The lines only one side has, each marked with the side. */
	static List<String> difference(String snapshot, String code) {
		List<String> expected = snapshot.lines().filter((line) -> !line.isBlank()).toList();
		List<String> actual = code.lines().filter((line) -> !line.isBlank()).toList();
		List<String> difference = new ArrayList<>();
		expected.stream().filter((line) -> !actual.contains(line)).forEach((line) -> difference.add("- " + line));
		actual.stream().filter((line) -> !expected.contains(line)).forEach((line) -> difference.add("+ " + line));
		return difference;
	}

	@Test
	void aChangedSignatureShowsInTheRendering() {
		String before = render(List.of(Sample.class));
		assertThat(before).contains("public java.util.List<java.lang.String> " + Sample.class.getName() + ".names()")
			.contains("public " + Sample.class.getName() + "(int)")
			.doesNotContain("hidden");
		String widened = render(List.of(Sample.class, Sample.Widened.class));
		assertThat(widened).contains("public java.util.List<? extends java.lang.CharSequence> "
				+ Sample.Widened.class.getName() + ".names()");
		assertThat(difference(before, widened)).isNotEmpty().allSatisfy((line) -> assertThat(line).startsWith("+ "));
	}

	static List<Class<?>> apiTypes() {
		List<Class<?>> types = new ArrayList<>();
		for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.pyroscopestarter")) {
			if (ArchitectureTest.isApi(type)) {
				types.add(type.reflect());
			}
		}
		return types;
	}

	static String render(List<Class<?>> types) {
		TreeMap<String, Class<?>> byName = new TreeMap<>();
		types.forEach((type) -> byName.put(type.getName(), type));
		StringBuilder out = new StringBuilder();
		byName.values().forEach((type) -> render(type, out));
		return out.toString();
	}

	private static void render(Class<?> type, StringBuilder out) {
		out.append(Modifier.toString(type.getModifiers() & ~Modifier.STATIC & ~Modifier.INTERFACE & ~Modifier.ABSTRACT
				| (type.isInterface() ? 0 : type.getModifiers() & Modifier.ABSTRACT)))
			.append(' ')
			.append(kind(type))
			.append(' ')
			.append(type.getName());
		Type superclass = type.getGenericSuperclass();
		if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
			out.append(" extends ").append(superclass.getTypeName());
		}
		if (type.getGenericInterfaces().length > 0 && !type.isAnnotation()) {
			out.append(type.isInterface() ? " extends " : " implements ")
				.append(Arrays.stream(type.getGenericInterfaces())
					.map(Type::getTypeName)
					.collect(Collectors.joining(", ")));
		}
		out.append('\n');
		List<String> members = new ArrayList<>();
		for (Field field : type.getDeclaredFields()) {
			if (visible(field) && !field.isSynthetic()) {
				members.add(field.toGenericString());
			}
		}
		for (Constructor<?> constructor : type.getDeclaredConstructors()) {
			if (visible(constructor) && !constructor.isSynthetic()) {
				members.add(constructor.toGenericString());
			}
		}
		for (Method method : type.getDeclaredMethods()) {
			if (visible(method) && !method.isSynthetic() && !method.isBridge()) {
				members.add(method.toGenericString());
			}
		}
		members.stream().sorted().forEach((member) -> out.append("  ").append(member).append('\n'));
		out.append('\n');
	}

	private static String kind(Class<?> type) {
		if (type.isAnnotation()) {
			return "@interface";
		}
		if (type.isInterface()) {
			return "interface";
		}
		if (type.isEnum()) {
			return "enum";
		}
		return type.isRecord() ? "record" : "class";
	}

	private static boolean visible(Member member) {
		int modifiers = member.getModifiers();
		return Modifier.isPublic(modifiers)
				|| (Modifier.isProtected(modifiers) && !Modifier.isFinal(member.getDeclaringClass().getModifiers()));
	}

	/** A type rendered by {@link #aChangedSignatureShowsInTheRendering()}. */
	public static class Sample {

		public Sample(int size) {
		}

		public java.util.List<String> names() {
			return List.of();
		}

		void hidden() {
		}

		/** The same type with one signature widened. */
		public static class Widened {

			public java.util.List<? extends CharSequence> names() {
				return List.of();
			}

		}

	}

}

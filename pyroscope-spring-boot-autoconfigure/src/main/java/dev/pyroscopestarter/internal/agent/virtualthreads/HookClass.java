package dev.pyroscopestarter.internal.agent.virtualthreads;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The class the instrumented {@code VirtualThread} calls: it must be visible from the boot loader, so it is defined
 * in {@code java.lang} at runtime rather than appended to the boot class path (which would switch off class-data
 * sharing for application classes). It holds the two hooks and calls them if set:
 *
 * <pre>
 * public final class PyroscopeCarrierHooks {
 *     public static volatile Runnable onMount;
 *     public static volatile Runnable onUnmount;
 *     public static void mounted() { Runnable hook = onMount; if (hook != null) hook.run(); }
 *     public static void unmounting() { Runnable hook = onUnmount; if (hook != null) hook.run(); }
 * }
 * </pre>
 */
final class HookClass {

	static final String NAME = "java.lang.PyroscopeCarrierHooks";

	static final String INTERNAL_NAME = NAME.replace('.', '/');

	static final String MOUNTED = "mounted";

	static final String UNMOUNTING = "unmounting";

	static final String ON_MOUNT = "onMount";

	static final String ON_UNMOUNT = "onUnmount";

	private HookClass() {
	}

	static byte[] bytes() {
		ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
		writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, INTERNAL_NAME, null,
				"java/lang/Object", null);
		for (String field : new String[] { ON_MOUNT, ON_UNMOUNT }) {
			writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, field,
					"Ljava/lang/Runnable;", null, null)
				.visitEnd();
		}
		caller(writer, MOUNTED, ON_MOUNT);
		caller(writer, UNMOUNTING, ON_UNMOUNT);
		writer.visitEnd();
		return writer.toByteArray();
	}

	private static void caller(ClassWriter writer, String method, String field) {
		MethodVisitor code = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, method, "()V", null, null);
		code.visitCode();
		Label none = new Label();
		code.visitFieldInsn(Opcodes.GETSTATIC, INTERNAL_NAME, field, "Ljava/lang/Runnable;");
		code.visitVarInsn(Opcodes.ASTORE, 0);
		code.visitVarInsn(Opcodes.ALOAD, 0);
		code.visitJumpInsn(Opcodes.IFNULL, none);
		code.visitVarInsn(Opcodes.ALOAD, 0);
		code.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/Runnable", "run", "()V", true);
		code.visitLabel(none);
		code.visitInsn(Opcodes.RETURN);
		code.visitMaxs(0, 0);
		code.visitEnd();
	}

}

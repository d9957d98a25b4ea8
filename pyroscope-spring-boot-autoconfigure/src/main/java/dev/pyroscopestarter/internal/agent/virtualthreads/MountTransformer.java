package dev.pyroscopestarter.internal.agent.virtualthreads;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import org.jspecify.annotations.Nullable;

/**
 * Adds a call to the hook class at the end of {@code VirtualThread.mount()} (the current thread is then the virtual
 * thread) and at the start of {@code unmount()} (it still is). Both are {@code private void ()} on JDK 21 to 25.
 * The calls change neither the stack nor the locals, so the class's frames stay valid as they are.
 */
final class MountTransformer implements ClassFileTransformer {

	static final String TARGET = "java/lang/VirtualThread";

	private volatile int hooksAdded;

	private volatile @Nullable Throwable failure;

	/** How many calls the last transformation added: 2 when both methods were found. */
	int hooksAdded() {
		return this.hooksAdded;
	}

	@Nullable Throwable failure() {
		return this.failure;
	}

	@Override
	public byte @Nullable [] transform(@Nullable Module module, @Nullable ClassLoader loader, String className,
			@Nullable Class<?> classBeingRedefined, @Nullable ProtectionDomain protectionDomain, byte[] classfileBuffer) {
		if (!TARGET.equals(className) || loader != null) {
			return null;
		}
		try {
			ClassReader reader = OpenedClassReader.of(classfileBuffer);
			ClassWriter writer = new ClassWriter(reader, 0);
			int[] added = new int[1];
			reader.accept(new ClassVisitor(OpenedClassReader.ASM_API, writer) {

				@Override
				public MethodVisitor visitMethod(int access, String name, String descriptor, @Nullable String signature,
						String @Nullable [] exceptions) {
					MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
					if (!"()V".equals(descriptor) || (access & Opcodes.ACC_STATIC) != 0) {
						return visitor;
					}
					if ("mount".equals(name)) {
						return new CallBeforeReturn(visitor, added);
					}
					if ("unmount".equals(name)) {
						return new CallAtStart(visitor, added);
					}
					return visitor;
				}

			}, 0);
			this.hooksAdded = added[0];
			return (added[0] == 2) ? writer.toByteArray() : null;
		}
		catch (Throwable ex) {
			// Leave the class as it is; the installer reports why.
			this.failure = ex;
			return null;
		}
	}

	private static void callHook(MethodVisitor visitor, String hook) {
		visitor.visitMethodInsn(Opcodes.INVOKESTATIC, HookClass.INTERNAL_NAME, hook, "()V", false);
	}

	private static final class CallAtStart extends MethodVisitor {

		private final int[] added;

		CallAtStart(MethodVisitor visitor, int[] added) {
			super(OpenedClassReader.ASM_API, visitor);
			this.added = added;
		}

		@Override
		public void visitCode() {
			super.visitCode();
			callHook(this.mv, HookClass.UNMOUNTING);
			this.added[0]++;
		}

	}

	private static final class CallBeforeReturn extends MethodVisitor {

		private final int[] added;

		private boolean counted;

		CallBeforeReturn(MethodVisitor visitor, int[] added) {
			super(OpenedClassReader.ASM_API, visitor);
			this.added = added;
		}

		@Override
		public void visitInsn(int opcode) {
			if (opcode == Opcodes.RETURN) {
				callHook(this.mv, HookClass.MOUNTED);
				if (!this.counted) {
					this.counted = true;
					this.added[0]++;
				}
			}
			super.visitInsn(opcode);
		}

	}

}

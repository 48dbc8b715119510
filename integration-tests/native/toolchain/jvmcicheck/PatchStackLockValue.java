import java.net.URI;
import java.nio.file.*;
import jdk.internal.org.objectweb.asm.*;

/** Adds 'AllocatableValue getSlot()' (the labsjdk signature Graal 23.0 is compiled against) next to
 *  the stock JDK 17 'Value getSlot()' of jdk.vm.ci.code.StackLockValue. Output is used with --patch-module. */
public class PatchStackLockValue {
    public static void main(String[] args) throws Exception {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        byte[] in = Files.readAllBytes(jrt.getPath("modules/jdk.internal.vm.ci/jdk/vm/ci/code/StackLockValue.class"));
        ClassReader cr = new ClassReader(in);
        ClassWriter cw = new ClassWriter(cr, ClassWriter.COMPUTE_MAXS);
        cr.accept(new ClassVisitor(Opcodes.ASM8, cw) {
            @Override public void visitEnd() {
                MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PUBLIC, "getSlot", "()Ljdk/vm/ci/meta/AllocatableValue;", null, null);
                mv.visitCode();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, "jdk/vm/ci/code/StackLockValue", "slot", "Ljdk/vm/ci/meta/AllocatableValue;");
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                super.visitEnd();
            }
        }, 0);
        Path out = Paths.get(args[0], "jdk/vm/ci/code/StackLockValue.class");
        Files.createDirectories(out.getParent());
        Files.write(out, cw.toByteArray());
        System.out.println("wrote " + out);
    }
}

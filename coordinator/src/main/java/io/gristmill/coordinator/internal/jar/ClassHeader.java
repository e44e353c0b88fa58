package io.gristmill.coordinator.internal.jar;

import io.gristmill.coordinator.SpecException;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.List;

/**
 * What a class file says about its class, read with ASM from bytes (the class is never loaded): its access flags,
 * supertypes and whether it has a public no-argument constructor.
 *
 * @param name                   the JVM internal name, e.g. {@code com/acme/Job}
 * @param access                 the class file's access flags ({@link Opcodes#ACC_PUBLIC} and so on)
 * @param superName              the internal name of the superclass; null only for {@code java/lang/Object}
 * @param interfaces             the internal names of the directly implemented interfaces
 * @param publicNoArgConstructor whether a public {@code <init>()V} is declared
 */
record ClassHeader(String name, int access, String superName, List<String> interfaces,
                   boolean publicNoArgConstructor) {
    private static final int CLASS_FILE_MAGIC = 0xCAFEBABE;
    /** Class file major version of Java 1.0 to 1.1; Java N writes N + 44. */
    private static final int JAVA_VERSION_OFFSET = 44;

    boolean is(int flag) {
        return (access & flag) != 0;
    }

    /**
     * Parses a class file, checking that it is one, that this JVM can run its version, and that it declares the
     * class its path says.
     *
     * @param expectedName the internal name the class file was found under
     */
    static ClassHeader parse(byte[] bytes, String expectedName, String jarName) throws SpecException {
        String className = expectedName.replace('/', '.');
        if (bytes.length < 10 || readInt(bytes, 0) != CLASS_FILE_MAGIC) {
            throw new SpecException("jobClass", "class " + className + " in '" + jarName + "' is not a class file");
        }
        checkVersion(readUnsignedShort(bytes, 6), className, jarName);
        ClassHeader header = read(bytes, className, jarName);
        if (!expectedName.equals(header.name())) {
            throw new SpecException("jobClass", "the class file for " + className + " in '" + jarName
                    + "' declares class " + String.valueOf(header.name()).replace('/', '.'));
        }
        return header;
    }

    private static void checkVersion(int major, String className, String jarName) throws SpecException {
        int runtime = Runtime.version().feature();
        if (major > runtime + JAVA_VERSION_OFFSET) {
            throw new SpecException("jobClass", "class " + className + " in '" + jarName + "' is compiled for Java "
                    + (major - JAVA_VERSION_OFFSET) + " (class file version " + major + "), but the cluster runs Java "
                    + runtime);
        }
    }

    private static ClassHeader read(byte[] bytes, String className, String jarName) throws SpecException {
        HeaderVisitor visitor = new HeaderVisitor();
        try {
            new ClassReader(bytes).accept(visitor, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            // ASM reports malformed input as whatever went wrong first (index out of bounds, illegal argument...)
            throw new SpecException("jobClass", "class " + className + " in '" + jarName
                    + "' is not a valid class file: " + e, e);
        }
        return visitor.header();
    }

    private static int readInt(byte[] bytes, int offset) {
        return (readUnsignedShort(bytes, offset) << 16) | readUnsignedShort(bytes, offset + 2);
    }

    private static int readUnsignedShort(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    /** Collects the header and the constructors; method bodies, debug information and frames are skipped. */
    private static final class HeaderVisitor extends ClassVisitor {
        private String name;
        private int access;
        private String superName;
        private List<String> interfaces = List.of();
        private boolean publicNoArgConstructor;

        HeaderVisitor() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.name = name;
            this.access = access;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if ("<init>".equals(name) && "()V".equals(descriptor) && (access & Opcodes.ACC_PUBLIC) != 0) {
                publicNoArgConstructor = true;
            }
            return null;
        }

        ClassHeader header() {
            return new ClassHeader(name, access, superName, interfaces, publicNoArgConstructor);
        }
    }
}

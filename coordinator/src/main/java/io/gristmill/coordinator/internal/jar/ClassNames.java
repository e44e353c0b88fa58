package io.gristmill.coordinator.internal.jar;

import io.gristmill.coordinator.SpecException;

/** Checks a class name given by the user (a Java binary name such as {@code com.acme.Outer$Job}). */
final class ClassNames {
    private ClassNames() {
    }

    /**
     * Returns the JVM internal name ({@code com/acme/Outer$Job}), which is also the class file's path in the jar
     * without {@code .class}. Refusing anything but dot-separated Java identifiers keeps {@code /}, {@code ..} and
     * empty names from ever becoming a path.
     */
    static String internalName(String binaryName) throws SpecException {
        if (binaryName.isEmpty()) {
            throw new SpecException("jobClass", "the job class name is empty");
        }
        for (String segment : binaryName.split("\\.", -1)) {
            if (!isIdentifier(segment)) {
                throw new SpecException("jobClass", "'" + binaryName
                        + "' is not a Java class name (expected e.g. com.acme.WordCount)");
            }
        }
        return binaryName.replace('.', '/');
    }

    private static boolean isIdentifier(String segment) {
        if (segment.isEmpty() || !Character.isJavaIdentifierStart(segment.codePointAt(0))) {
            return false;
        }
        // identifier-ignorable characters (controls) are legal in Java source but invisible in a message
        return segment.codePoints().skip(1)
                .allMatch(c -> Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }
}

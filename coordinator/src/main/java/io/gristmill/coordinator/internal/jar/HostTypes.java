package io.gristmill.coordinator.internal.jar;

import io.gristmill.api.JobDefinition;

/**
 * The types a job's class loader takes from outside the jar: the JDK, and the job API and SLF4J from the host (as
 * {@code io.gristmill.cluster.jobs.ApiOnlyClassLoader} shares them). Like that loader, these are asked first, so a
 * jar's own copy of such a class is never the one that runs. Looking them up loads JDK or Gristmill classes
 * without initialising them; nothing from the jar.
 */
final class HostTypes {
    private static final String[] SHARED_WITH_HOST = {"io/gristmill/api/", "org/slf4j/"};
    /** The JVM refuses to define {@code java.*} classes from a jar, so these exist only in the JDK. */
    private static final String JDK_ONLY = "java/";

    private HostTypes() {
    }

    /** The host's class for a JVM internal name, or null if the job jar must provide it. */
    static Class<?> find(String internalName) {
        if (internalName.indexOf('[') >= 0) {
            return null; // Class.forName would answer an array class, which no class file can extend
        }
        ClassLoader loader = isShared(internalName) ? JobDefinition.class.getClassLoader()
                : ClassLoader.getPlatformClassLoader();
        try {
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Whether a class of this name cannot come from the jar even when the host lacks it. */
    static boolean jdkOnly(String internalName) {
        return internalName.startsWith(JDK_ONLY);
    }

    private static boolean isShared(String internalName) {
        for (String prefix : SHARED_WITH_HOST) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

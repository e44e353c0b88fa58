package io.gristmill.coordinator.internal.jar;

import io.gristmill.api.JobDefinition;
import io.gristmill.api.PipelineDefinition;
import io.gristmill.cluster.jobs.JobLoader;
import io.gristmill.coordinator.SpecException;
import org.objectweb.asm.Opcodes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Manifest;

/**
 * Checks at submission that a job jar holds a usable entry class, by reading class files only: no class from the
 * jar is loaded, so no user code (static initialiser, constructor) runs in the coordinator. The entry class must be
 * a public, concrete class with a public no-argument constructor that implements {@link JobDefinition} (directly,
 * through a superinterface or through a superclass), and every one of its supertypes must be in the jar, the JDK
 * or the job API.
 *
 * <p>Memory stays bounded whatever the upload holds: entries are inflated one at a time through a size limit
 * ({@link #MAX_CLASS_BYTES}, {@link #MAX_MANIFEST_BYTES}) that refuses them as soon as their declared size, or the
 * bytes actually read, go over it; and the walk over supertypes reads at most {@link #MAX_CLASSES_READ} class
 * files, {@link #MAX_HIERARCHY_BYTES} in all.
 *
 * <p>Failures are {@link SpecException}s: on field {@code jar} when the archive itself is unusable (not a zip,
 * truncated, an entry over a limit, a malformed manifest), on field {@code jobClass} when the named class is
 * missing or unfit. Blocking (file reads): call it off the event loop. Thread-safe: it keeps no state.
 */
public final class JarInspector {
    /** The most bytes one class file may inflate to. Real class files are rarely over a few hundred KiB. */
    public static final int MAX_CLASS_BYTES = 16 << 20;
    /** The most bytes {@code META-INF/MANIFEST.MF} may inflate to. */
    public static final int MAX_MANIFEST_BYTES = 1 << 20;
    /** The most class files read to walk the entry class's supertypes, the entry class included. */
    public static final int MAX_CLASSES_READ = 256;
    /** The most class file bytes read, in all, to walk the entry class's supertypes. */
    public static final long MAX_HIERARCHY_BYTES = 64L << 20;

    private static final String JOB_DEFINITION = JobDefinition.class.getName();

    private JarInspector() {
    }

    /** As {@link #entryClass(Path, String, String)}, naming the jar by its file name in messages. */
    public static String entryClass(Path jar, String jobClass) throws SpecException {
        return entryClass(jar, jobClass, String.valueOf(jar.getFileName()));
    }

    /**
     * Returns the binary name of the job's entry class after checking it, without loading it.
     *
     * @param jar         the job jar, or (for bundled jobs in tests) a classes folder
     * @param jobClass    the entry class's binary name, or null or blank to take the jar manifest's
     *                    {@value JobLoader#MANIFEST_ATTRIBUTE} attribute (a folder has no manifest)
     * @param displayName how messages name the jar, e.g. the file name it was uploaded as
     * @throws SpecException on field {@code jar} or {@code jobClass}, saying what is wrong
     */
    public static String entryClass(Path jar, String jobClass, String displayName) throws SpecException {
        return entry(jar, jobClass, displayName).className();
    }

    /**
     * A jar's checked entry class and whether it is a pipeline.
     *
     * @param pipeline true for a {@code PipelineDefinition}, false for a {@code JobDefinition}
     */
    public record Entry(String className, boolean pipeline) {
    }

    /** As {@link #entryClass(Path, String, String)}, telling a job from a pipeline. */
    public static Entry entry(Path jar, String jobClass, String displayName) throws SpecException {
        try (JobJar source = JobJar.open(jar, displayName)) {
            String className = jobClass == null || jobClass.isBlank() ? manifestJobClass(source) : jobClass;
            return new Entry(className, checkEntryClass(source, className));
        }
    }

    /** As {@link #entry(Path, String, String)}, naming the jar by its file name. */
    public static Entry entry(Path jar, String jobClass) throws SpecException {
        return entry(jar, jobClass, String.valueOf(jar.getFileName()));
    }

    private static String manifestJobClass(JobJar jar) throws SpecException {
        Manifest manifest = parseManifest(jar);
        String name = manifest == null ? null : manifest.getMainAttributes().getValue(JobLoader.MANIFEST_ATTRIBUTE);
        if (name == null || name.isBlank()) {
            throw new SpecException("jobClass", "no jobClass given, and '" + jar.name() + "' has no manifest with a "
                    + JobLoader.MANIFEST_ATTRIBUTE + " attribute");
        }
        return name.trim();
    }

    private static Manifest parseManifest(JobJar jar) throws SpecException {
        byte[] bytes = jar.manifest();
        if (bytes == null) {
            return null;
        }
        try {
            return new Manifest(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new SpecException("jar", "the manifest of '" + jar.name() + "' is malformed: " + e.getMessage(), e);
        }
    }

    /** Checks the entry class; true when it is a pipeline. */
    private static boolean checkEntryClass(JobJar jar, String className) throws SpecException {
        String internalName = ClassNames.internalName(className);
        if (HostTypes.jdkOnly(internalName) || HostTypes.find(internalName) != null) {
            // the job's class loader would take the host's class, never one from the jar
            throw new SpecException("jobClass", "class " + className + " belongs to the JDK or the job API, not to the"
                    + " job jar '" + jar.name() + "'");
        }
        byte[] bytes = jar.classFile(internalName);
        if (bytes == null) {
            throw new SpecException("jobClass", "class " + className + " not found in the job jar '" + jar.name() + "'");
        }
        ClassHeader header = ClassHeader.parse(bytes, internalName, jar.name());
        checkInstantiable(header, className, jar.name());
        if (SupertypeWalk.reachesJobDefinition(jar, header, bytes.length)) {
            return false;
        }
        if (SupertypeWalk.reaches(jar, header, bytes.length, PipelineDefinition.class)) {
            return true;
        }
        throw new SpecException("jobClass", "class " + className + " in '" + jar.name() + "' does not implement "
                + JOB_DEFINITION + " (nor " + PipelineDefinition.class.getName() + ")");
    }

    /** What {@code JobLoader} needs to call {@code new} on the class by reflection. */
    private static void checkInstantiable(ClassHeader header, String className, String jarName) throws SpecException {
        String problem = header.is(Opcodes.ACC_ANNOTATION) ? "is an annotation type, not a class"
                : header.is(Opcodes.ACC_INTERFACE) ? "is an interface, not a class"
                : header.is(Opcodes.ACC_ENUM) ? "is an enum, not a class with a public no-argument constructor"
                : header.is(Opcodes.ACC_MODULE) ? "is a module descriptor, not a class"
                : !header.is(Opcodes.ACC_PUBLIC) ? "is not public"
                : header.is(Opcodes.ACC_ABSTRACT) ? "is abstract"
                : !header.publicNoArgConstructor() ? "has no public no-argument constructor"
                : null;
        if (problem != null) {
            throw new SpecException("jobClass", "class " + className + " in '" + jarName + "' " + problem);
        }
    }
}

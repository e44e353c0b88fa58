package io.gristmill.coordinator.internal.jar;

import io.gristmill.api.JobDefinition;
import io.gristmill.coordinator.SpecException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks every supertype of a class in a job jar, as the JVM would resolve them when loading it, and tells whether
 * one of them is {@link JobDefinition}. Supertypes in the jar are read as class files; those the job's class loader
 * takes from the host (see {@link HostTypes}) end the walk on their branch, since the host has already resolved
 * theirs. A supertype found nowhere would fail the job at load time, so it is refused now.
 *
 * <p>How much is read is capped ({@link JarInspector#MAX_CLASSES_READ} class files, {@link
 * JarInspector#MAX_HIERARCHY_BYTES} in all), so a jar cannot make the walk take long or hold much memory.
 */
final class SupertypeWalk {
    private final JobJar jar;
    private final String startName;
    private Class<?> target = JobDefinition.class;
    private final Deque<Supertype> pending = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private int classesRead;
    private long bytesRead;

    /** A supertype still to resolve, and which class named it (for messages). */
    private record Supertype(String name, String kind, String subtype) {
    }

    private SupertypeWalk(JobJar jar, String startName) {
        this.jar = jar;
        this.startName = startName;
    }

    /**
     * @param start      the class to start from, already read from the jar
     * @param startBytes the size of its class file, counted against the budget
     */
    static boolean reachesJobDefinition(JobJar jar, ClassHeader start, int startBytes) throws SpecException {
        return reaches(jar, start, startBytes, JobDefinition.class);
    }

    /** Whether {@code start} is a subtype of the host type {@code target} (an interface of the job API). */
    static boolean reaches(JobJar jar, ClassHeader start, int startBytes, Class<?> target) throws SpecException {
        SupertypeWalk walk = new SupertypeWalk(jar, start.name());
        walk.target = target;
        walk.count(startBytes);
        walk.enqueueSupertypes(start);
        return walk.run();
    }

    private boolean run() throws SpecException {
        boolean found = false;
        for (Supertype next; (next = pending.poll()) != null; ) {
            if (seen.add(next.name())) {
                found |= resolve(next);
            }
        }
        return found;
    }

    /** Resolves one supertype and queues its own; true if it is, or the host says it extends, JobDefinition. */
    private boolean resolve(Supertype type) throws SpecException {
        Class<?> host = HostTypes.find(type.name());
        if (host != null) {
            return target.isAssignableFrom(host);
        }
        byte[] bytes = HostTypes.jdkOnly(type.name()) ? null : jar.classFile(type.name());
        if (bytes == null) {
            throw new SpecException("jobClass", type.kind() + " " + binary(type.name()) + " of "
                    + binary(type.subtype()) + " is not in the job jar '" + jar.name() + "'");
        }
        count(bytes.length);
        enqueueSupertypes(ClassHeader.parse(bytes, type.name(), jar.name()));
        return false;
    }

    private void enqueueSupertypes(ClassHeader header) {
        if (header.superName() != null) {
            pending.add(new Supertype(header.superName(), "superclass", header.name()));
        }
        for (String implemented : header.interfaces()) {
            pending.add(new Supertype(implemented, "interface", header.name()));
        }
    }

    private void count(int classFileBytes) throws SpecException {
        classesRead++;
        bytesRead += classFileBytes;
        if (classesRead > JarInspector.MAX_CLASSES_READ || bytesRead > JarInspector.MAX_HIERARCHY_BYTES) {
            throw new SpecException("jobClass", "the supertypes of " + binary(startName) + " in '" + jar.name()
                    + "' are more than " + JarInspector.MAX_CLASSES_READ + " class files or "
                    + JarInspector.MAX_HIERARCHY_BYTES + " bytes; that is more than a job class should need");
        }
    }

    private static String binary(String internalName) {
        return internalName.replace('/', '.');
    }
}

package io.gristmill.coordinator.internal.jar;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;

import java.util.Map;

/**
 * Job classes whose class files {@link JarInspectorTest} packs into jars. The tests name them by string and read
 * their bytes as resources, so none of them is initialised in the test JVM unless the inspector does it.
 */
final class TestJobs {
    private TestJobs() {
    }

    /** Set by the static initialisers below, which must never run. */
    static volatile boolean initialiserRan;

    public abstract static class AbstractJob implements JobDefinition {
        @Override
        public Job define(Map<String, String> params) {
            throw new UnsupportedOperationException("never run");
        }
    }

    public static class ThroughSuperclassJob extends AbstractJob {
    }

    public interface JobDefinitionWithDefaults extends JobDefinition {
        @Override
        default Job define(Map<String, String> params) {
            throw new UnsupportedOperationException("never run");
        }
    }

    public static class ThroughSuperinterfaceJob implements JobDefinitionWithDefaults {
    }

    public static class NoDefaultConstructorJob extends AbstractJob {
        public NoDefaultConstructorJob(String required) {
        }
    }

    public static class PrivateConstructorJob extends AbstractJob {
        private PrivateConstructorJob() {
        }
    }

    static class PackagePrivateJob extends AbstractJob {
        public PackagePrivateJob() {
        }
    }

    public enum EnumJob implements JobDefinitionWithDefaults {
        INSTANCE
    }

    public static class ExitingJob extends AbstractJob {
        static {
            initialiserRan = true;
            System.exit(42);
        }
    }

    public static class ThrowingJob extends AbstractJob {
        static {
            initialiserRan = true;
            if (Boolean.TRUE) { // javac refuses an initialiser that cannot complete normally
                throw new IllegalStateException("a static initialiser that must not run in the coordinator");
            }
        }

        public ThrowingJob() {
            initialiserRan = true;
        }
    }
}

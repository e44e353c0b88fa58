package io.gristmill.cluster.jobs;

import io.gristmill.api.JobDefinition;
import io.gristmill.api.Pipeline;
import io.gristmill.api.PipelineDefinition;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads a job's {@link JobDefinition} from its jar in a fresh class loader per job (see {@link ApiOnlyClassLoader}).
 * Blocking: call it off the event loop.
 */
public final class JobLoader {
    /** The jar manifest attribute naming the job's entry class. */
    public static final String MANIFEST_ATTRIBUTE = "Gristmill-Job";

    private JobLoader() {
    }

    /**
     * @param jar      the job jar (or, for bundled jobs in tests, a classes folder)
     * @param jobClass the entry class, or null to use the manifest's {@code Gristmill-Job}
     */
    public static LoadedJob load(Path jar, String jobClass) throws JobLoadException {
        String className = jobClass == null || jobClass.isBlank() ? manifestJobClass(jar) : jobClass;
        URLClassLoader loader = new URLClassLoader("job:" + jar.getFileName(), new URL[]{toUrl(jar)},
                new ApiOnlyClassLoader(JobLoader.class.getClassLoader()));
        try {
            return new LoadedJob(instantiate(loader, className), loader);
        } catch (JobLoadException | RuntimeException | Error e) {
            closeQuietly(loader);
            throw e;
        }
    }

    /** The {@code Gristmill-Job} attribute of the jar's manifest, checking that the jar is readable. */
    public static String manifestJobClass(Path jar) throws JobLoadException {
        if (Files.isDirectory(jar)) {
            throw new JobLoadException("jobClass", "no jobClass given, and " + jar + " is a folder without a manifest");
        }
        Manifest manifest = readManifest(jar);
        String name = manifest == null ? null : manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
        if (name == null || name.isBlank()) {
            throw new JobLoadException("jobClass",
                    "no jobClass given, and the jar's manifest has no " + MANIFEST_ATTRIBUTE + " attribute");
        }
        return name.trim();
    }

    private static Manifest readManifest(Path jar) throws JobLoadException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        } catch (IOException e) {
            throw new JobLoadException("jar", "not a readable jar file: " + jar.getFileName() + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Loads a pipeline's {@link PipelineDefinition} in a fresh class loader, calls its {@code define(params)} there and
     * releases the loader: what it returns is job API values only. Blocking, and runs job code: planning only.
     */
    public static Pipeline definePipeline(Path jar, String jobClass, Map<String, String> params) throws Exception {
        String className = jobClass == null || jobClass.isBlank() ? manifestJobClass(jar) : jobClass;
        try (URLClassLoader loader = new URLClassLoader("pipeline:" + jar.getFileName(), new URL[]{toUrl(jar)},
                new ApiOnlyClassLoader(JobLoader.class.getClassLoader()))) {
            PipelineDefinition definition = instantiate(loader, className, PipelineDefinition.class);
            LoadedJob scope = new LoadedJob(null, loader);
            Pipeline pipeline = scope.inJobLoader(() -> definition.define(params));
            if (pipeline == null) {
                throw new IllegalStateException(className + ".define returned null instead of a Pipeline");
            }
            return pipeline;
        }
    }

    private static JobDefinition instantiate(ClassLoader loader, String className) throws JobLoadException {
        return instantiate(loader, className, JobDefinition.class);
    }

    private static <T> T instantiate(ClassLoader loader, String className, Class<T> kind) throws JobLoadException {
        Class<?> type = loadClass(loader, className);
        if (!kind.isAssignableFrom(type)) {
            throw new JobLoadException("jobClass", "class " + className + " does not implement "
                    + kind.getName());
        }
        try {
            Constructor<?> constructor = type.getConstructor();
            return kind.cast(constructor.newInstance());
        } catch (NoSuchMethodException e) {
            throw new JobLoadException("jobClass", "class " + className + " has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new JobLoadException("jobClass", "constructor of " + className + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new JobLoadException("jobClass", "cannot instantiate " + className + ": " + e, e);
        }
    }

    private static Class<?> loadClass(ClassLoader loader, String className) throws JobLoadException {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new JobLoadException("jobClass", "class " + className + " not found in the job jar", e);
        } catch (LinkageError e) {
            throw new JobLoadException("jobClass", "class " + className + " cannot be loaded: " + e, e);
        }
    }

    private static URL toUrl(Path jar) throws JobLoadException {
        if (!Files.isReadable(jar)) {
            throw new JobLoadException("jar", "job jar not found or not readable: " + jar);
        }
        try {
            return jar.toUri().toURL();
        } catch (IOException e) {
            throw new JobLoadException("jar", "bad jar path " + jar + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing was loaded from it that we keep
        }
    }
}

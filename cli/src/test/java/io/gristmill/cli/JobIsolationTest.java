package io.gristmill.cli;

import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Job jars load in a class loader per job that sees only the job API and the JDK: two jobs bundling different
 * versions of the same library (same class names) run side by side, each with its own.
 */
class JobIsolationTest {
    @TempDir
    static Path dir;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(2, dir.resolve("work"));
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void twoJobsBundlingDifferentVersionsOfOneLibrary_runSideBySideEachWithItsOwnVersion() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\nb\nc\n");
        Path v1 = jobJar("v1", "1.0");
        Path v2 = jobJar("v2", "2.0");

        String first = submit(v1, "out1");
        String second = submit(v2, "out2");

        assertEquals(JobState.SUCCEEDED, LocalJobs.awaitEnd(cluster, first).state());
        assertEquals(JobState.SUCCEEDED, LocalJobs.awaitEnd(cluster, second).state());
        assertEquals(List.of("1.0\t3"), Outputs.lines(dir.resolve("out1")));
        assertEquals(List.of("2.0\t3"), Outputs.lines(dir.resolve("out2")));
    }

    private String submit(Path jar, String output) throws Exception {
        JobSpec spec = JobSpec.builder(jar).input(List.of(dir.resolve("in.txt").toString()))
                .output(dir.resolve(output).toString()).reducers(1).build();
        return LocalJobs.submit(cluster, spec);
    }

    /** Compiles a job and a "library" class {@code com.example.lib.Library} reporting {@code version} into a jar. */
    private static Path jobJar(String name, String version) throws Exception {
        Path src = Files.createDirectories(dir.resolve(name + "-src/com/example/lib"));
        Files.writeString(src.resolve("Library.java"), "package com.example.lib;\n"
                + "public final class Library { public static String version() { return \"" + version + "\"; } }\n");
        Files.writeString(src.getParent().resolve("VersionJob.java"), """
                package com.example;
                import io.gristmill.api.*;
                import java.util.Map;
                public final class VersionJob implements JobDefinition {
                    public Job define(Map<String, String> params) {
                        return Job.builder()
                            .mapper(() -> (Mapper<MutableLong, Text, String, Long>) (k, v, out) -> out.emit(com.example.lib.Library.version(), 1L))
                            .reducer(() -> (Reducer<String, Long, String, Long>) (k, values, out) -> {
                                long n = 0;
                                for (long x : values) { n += x; }
                                out.emit(k, n);
                            })
                            .mapOutput(Serdes.string(), Serdes.longs())
                            .build();
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("Library.java").toString(), src.getParent().resolve("VersionJob.java").toString());
        assertEquals(0, rc, "test job compiles");
        return jar(classes, dir.resolve(name + ".jar"));
    }

    private static Path jar(Path classes, Path jar) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Gristmill-Job", "com.example.VersionJob");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }
}

package io.gristmill.coordinator.internal.planning;

import io.gristmill.coordinator.internal.planning.testjobs.SamplingJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans real jobs in real planning processes. */
@Timeout(120)
class ChildProcessPlanRunnerTest {
    @TempDir
    Path dir;
    private ChildProcessPlanRunner runner;

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
        }
    }

    private PlanRequest request(Map<String, String> params) throws IOException {
        Path jar = jarOf(SamplingJob.class);
        List<Path> inputs = List.of(Files.writeString(dir.resolve("a.txt"), "x\n"),
                Files.writeString(dir.resolve("b.gz"), "y"), Files.writeString(dir.resolve("c.txt"), "z\n"));
        return new PlanRequest(jar, SamplingJob.class.getName(), params, 3, inputs.stream().map(Path::toString).toList());
    }

    @Test
    void the_plan_carries_what_the_jobs_own_code_decided() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"));

        PlanResult result = runner.start(request(Map.of("given", "1"))).result().get(60, TimeUnit.SECONDS);

        assertEquals(Map.of("given", "1", "filesSeen", "3", "reducersSeen", "3"), result.params());
        assertFalse(result.mapOnly());
        assertEquals(100, result.minSplitSize());
        assertEquals(List.of(1), result.unsplittable(), "b.gz cannot be split");

        PlanResult mapOnly = runner.start(request(Map.of("mapOnly", "true"))).result().get(60, TimeUnit.SECONDS);
        assertTrue(mapOnly.mapOnly());
    }

    @Test
    void an_exception_from_the_plan_hook_fails_with_its_message_and_stack_trace() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"));

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> runner.start(request(Map.of("fail", "on purpose"))).result().get(60, TimeUnit.SECONDS));

        PlanningFailedException failure = assertInstanceOf(PlanningFailedException.class, e.getCause());
        assertEquals("java.lang.IllegalArgumentException: asked to fail: on purpose", failure.getMessage());
        assertTrue(failure.jobStackTrace().contains("SamplingJob.plan"), failure.jobStackTrace());
    }

    @Test
    void a_killed_planning_fails_with_the_reason_and_leaves_no_folder_behind() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"));
        PlanRunner.Planning planning = runner.start(request(Map.of()));

        planning.kill("the job was killed");

        ExecutionException e = assertThrows(ExecutionException.class, () -> planning.result().get(60, TimeUnit.SECONDS));
        assertEquals("the job was killed", e.getCause().getMessage());
        runner.close();
        runner = null;
        assertFalse(Files.exists(dir.resolve("planning")), "every planning folder is removed");
    }

    /** A jar holding the classes of {@code type}'s package. */
    private Path jarOf(Class<?> type) throws IOException {
        String packagePath = type.getPackageName().replace('.', '/');
        Path classes;
        try {
            classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(packagePath);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path jar = dir.resolve("job.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             DirectoryStream<Path> entries = Files.newDirectoryStream(classes, "*.class")) {
            for (Path entry : entries) {
                out.putNextEntry(new JarEntry(packagePath + "/" + entry.getFileName()));
                out.write(Files.readAllBytes(entry));
                out.closeEntry();
            }
        }
        return jar;
    }
}

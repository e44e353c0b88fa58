package io.gristmill.coordinator.internal.planning;

import io.gristmill.coordinator.internal.planning.testjobs.ProcessReportingJob;
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

    private PlanRequest reporting(Path jar, Map<String, String> params) throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "x\n");
        return new PlanRequest(jar, ProcessReportingJob.class.getName(), params, 1, List.of(input.toString()));
    }

    private static PlanResult planned(PlanRunner runner, PlanRequest request) throws Exception {
        return runner.start(request).result().get(60, TimeUnit.SECONDS);
    }

    @Test
    void the_next_job_of_the_same_jar_plans_in_the_warm_process_with_the_system_properties_put_back() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"), () -> 0);
        Path jar = jarOf(ProcessReportingJob.class);

        PlanResult first = planned(runner, reporting(jar, Map.of()));
        PlanResult second = planned(runner, reporting(jar, Map.of()));

        assertEquals(first.params().get("pid"), second.params().get("pid"), "one process planned both");
        assertEquals("null", second.params().get("propertySeen"), "the first job's system property was put back");
        assertEquals(1, runner.idleProcesses());
    }

    @Test
    void a_job_of_another_jar_never_plans_in_a_process_warm_from_this_one() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"), () -> 0);

        PlanResult first = planned(runner, reporting(jarOf(ProcessReportingJob.class, "one.jar"), Map.of()));
        PlanResult other = planned(runner, reporting(jarOf(ProcessReportingJob.class, "other.jar"), Map.of()));

        assertFalse(first.params().get("pid").equals(other.params().get("pid")), "two processes");
        assertEquals(2, runner.idleProcesses(), "each warm for its own jar");
    }

    @Test
    void a_job_that_leaves_a_thread_running_spends_its_process() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"), () -> 0);
        Path jar = jarOf(ProcessReportingJob.class);

        PlanResult first = planned(runner, reporting(jar, Map.of("leaveThread", "true")));
        PlanResult second = planned(runner, reporting(jar, Map.of()));

        assertFalse(first.params().get("pid").equals(second.params().get("pid")), "not planned in the spent process");
        assertTrue(ProcessHandle.of(Long.parseLong(first.params().get("pid"))).map(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }).orElse(true), "the spent process is gone");
    }

    @Test
    void a_process_whose_planning_failed_is_not_kept() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"), () -> 0);

        assertThrows(ExecutionException.class, () -> planned(runner, request(Map.of("fail", "on purpose"))));

        assertEquals(0, runner.idleProcesses());
    }

    @Test
    void an_idle_process_ends_once_unused_for_the_idle_time() throws Exception {
        long[] now = {1_000};
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"), () -> now[0]);
        Path jar = jarOf(ProcessReportingJob.class);
        planned(runner, reporting(jar, Map.of()));

        now[0] += ChildProcessPlanRunner.IDLE_MILLIS - 1;
        runner.endIdleProcesses();
        assertEquals(1, runner.idleProcesses(), "not idle long enough");

        now[0] += 1;
        runner.endIdleProcesses();
        assertEquals(0, runner.idleProcesses());
    }

    @Test
    void at_most_the_bounded_number_of_processes_wait_idle() throws Exception {
        runner = new ChildProcessPlanRunner(dir.resolve("planning"), List.of("-Xmx128m"), () -> 0);

        for (int i = 0; i <= ChildProcessPlanRunner.MAX_IDLE; i++) {
            planned(runner, reporting(jarOf(ProcessReportingJob.class, "jar-" + i + ".jar"), Map.of()));
        }

        assertEquals(ChildProcessPlanRunner.MAX_IDLE, runner.idleProcesses());
    }

    private Path jarOf(Class<?> type) throws IOException {
        return jarOf(type, "job.jar");
    }

    /** A jar named {@code name} holding the classes of {@code type}'s package. */
    private Path jarOf(Class<?> type, String name) throws IOException {
        String packagePath = type.getPackageName().replace('.', '/');
        Path classes;
        try {
            classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(packagePath);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path jar = dir.resolve(name);
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

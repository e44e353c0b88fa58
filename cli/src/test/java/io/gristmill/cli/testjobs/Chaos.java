package io.gristmill.cli.testjobs;

import io.gristmill.api.TaskContext;

import java.util.Random;

/**
 * Seeded misbehaviour for crash tests: a task sleeps (so a test can act while it runs) and may halt its whole JVM,
 * as user code calling {@code Runtime.halt} or running out of memory would. The same seed, task and attempt always
 * decide the same way, so a failing run can be replayed. {@code holdTask} + {@code holdFile} hold a task at a point the
 * test chooses. {@code slowBeforeResume=TASK} makes one task slow in the
 * coordinator term that accepted the job only.
 */
final class Chaos {
    private final TaskContext context;

    Chaos(TaskContext context) {
        this.context = context;
    }

    void strike(String sleepParam) throws InterruptedException {
        holdWhileFileExists(context.taskId(), context.params());
        if (context.taskId().equals(context.param("slowBeforeResume")) && !context.attemptId().contains(".t")) {
            // the task named by slowBeforeResume is slow until a later coordinator term resumes the job (attempt ids
            // of resumed jobs end in .t<term>): a test can kill the coordinator while it runs
            Thread.sleep(Long.parseLong(context.param("slowMillis", "120000")));
        }
        long sleep = Long.parseLong(context.param(sleepParam, "0"));
        if (sleep > 0) {
            Thread.sleep(sleep); // the behaviour under test: a slow task
        }
        if (context.taskId().equals(context.param("haltTask")) || haltsByChance()) {
            Runtime.getRuntime().halt(17);
        }
    }

    /**
     * {@code holdTask=TASK} ({@code plan} for the planning) with {@code holdFile=PATH}: that task waits while the file
     * exists, so a test can act at a known point of a job (a map or reducer holds in its cleanup or setup) and let it
     * go by removing the file.
     */
    static void holdWhileFileExists(String task, java.util.Map<String, String> params) throws InterruptedException {
        if (task.equals(params.get("holdTask"))) {
            java.nio.file.Path file = java.nio.file.Path.of(params.get("holdFile"));
            while (java.nio.file.Files.exists(file)) {
                Thread.sleep(50); // the test's hold: polling a file it removes
            }
        }
    }

    private boolean haltsByChance() {
        double p = Double.parseDouble(context.param("haltProbability", "0"));
        long seed = Long.parseLong(context.param("seed", "1"));
        return p > 0 && new Random(seed * 31 + context.attemptId().hashCode()).nextDouble() < p;
    }
}

package io.gristmill.coordinator.internal.planning;

import io.gristmill.cluster.Failures;
import io.gristmill.cluster.jobs.JobLoader;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The main class of a planning process ({@link ChildProcessPlanRunner}). Started ahead of need as a spare, it waits
 * for one line on standard input, then plans the job described by {@code <dir>/request.bin}, writes
 * {@code <dir>/result.bin} and halts. Whatever the job's code does — exit, loop, start threads, print — stays in this
 * process: the coordinator reads only the result file.
 *
 * <p>Exit codes: 0 after writing a result (a plan or the job's error), 3 when standard input closed before a request
 * came (the coordinator discarded the spare or went away), 4 when the coordinator process is gone.
 */
public final class PlanningMain {
    static final int NO_REQUEST = 3;
    static final int ORPHANED = 4;

    private PlanningMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        haltWhenOrphaned();
        preload(); // while waiting, not after the request
        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (go == null) {
            Runtime.getRuntime().halt(NO_REQUEST);
        }
        PlanRequest request = PlanFiles.readRequest(dir.resolve(PlanFiles.REQUEST));
        try {
            PlanFiles.writePlanned(dir.resolve(PlanFiles.RESULT), JobCode.plan(request));
        } catch (Throwable e) {
            PlanFiles.writeJobFailed(dir.resolve(PlanFiles.RESULT), Failures.describe(e), Failures.stackTrace(e));
        }
        System.out.flush();
        System.err.flush();
        // halt, not exit: the job's shutdown hooks and non-daemon threads must not keep this process around
        Runtime.getRuntime().halt(0);
    }

    /** Loads what planning any job needs, so the job's wait starts with these classes ready. */
    private static void preload() throws ClassNotFoundException {
        for (Class<?> type : new Class<?>[]{JobLoader.class, JobCode.class, PlanFiles.class, Failures.class,
                io.gristmill.api.Job.class, io.gristmill.api.TextInputFormat.class, io.gristmill.api.Serdes.class,
                io.gristmill.api.PlanContext.class, java.net.URLClassLoader.class}) {
            Class.forName(type.getName(), true, PlanningMain.class.getClassLoader());
        }
        io.gristmill.api.Job.builder(); // its nested builder class and defaults
    }

    /** A planning process must not outlive its coordinator (a killed coordinator closes no pipe we block on). */
    private static void haltWhenOrphaned() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        Thread watcher = new Thread(() -> {
            while (parent != null && parent.isAlive()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "gristmill-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}

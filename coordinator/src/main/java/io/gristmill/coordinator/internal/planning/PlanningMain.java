package io.gristmill.coordinator.internal.planning;

import io.gristmill.cluster.Failures;
import io.gristmill.cluster.jobs.JobLoader;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The main class of a planning process ({@link PlanningProcess}). Started ahead of need, it waits for a line
 * {@code plan <folder>} on standard input, plans the job described by {@code <folder>/request.bin} in a class loader
 * of its own, writes {@code <folder>/result.bin} and answers {@code done reusable} or {@code done spent} on standard
 * output — the protocol's own channel: the job's {@code System.out} and {@code System.err} both go to the process's
 * standard error (a file), and its {@code System.in} is empty. Whatever the job's code does — exit, loop, start
 * threads, print — stays in this process: the coordinator reads only the result file and that one line.
 *
 * <p>After {@code done reusable} it waits for the next request (a later job of the same jar, in a fresh class loader);
 * after {@code done spent} it halts. It is spent when the job's code left a thread running, so that nothing a job
 * started runs on while a later job plans; system properties the job's code set are put back either way.
 *
 * <p>Exit codes: 0 when spent, 3 when standard input closed (the coordinator discarded the process or went away),
 * 4 when the coordinator process is gone.
 */
public final class PlanningMain {
    static final int NO_REQUEST = 3;
    static final int ORPHANED = 4;
    static final String PLAN = "plan ";
    static final String DONE_REUSABLE = "done reusable";
    static final String DONE_SPENT = "done spent";

    private PlanningMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        BufferedReader requests = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in),
                StandardCharsets.US_ASCII));
        System.setOut(System.err); // the job's prints go to the log file, never into the protocol
        System.setIn(new ByteArrayInputStream(new byte[0]));
        haltWhenOrphaned();
        preload(); // while waiting, not after the request
        Set<Thread> baseline = new HashSet<>(Thread.getAllStackTraces().keySet());
        while (true) {
            String line = requests.readLine();
            if (line == null || !line.startsWith(PLAN)) {
                Runtime.getRuntime().halt(NO_REQUEST);
            }
            Path folder = Path.of(line.substring(PLAN.length()));
            Properties properties = (Properties) System.getProperties().clone();
            planOne(folder);
            System.setProperties(properties);
            System.err.flush();
            boolean clean = leftNoThread(baseline);
            protocol.println(clean ? DONE_REUSABLE : DONE_SPENT);
            if (!clean) {
                // halt, not exit: the job's shutdown hooks and non-daemon threads must not keep this process around
                Runtime.getRuntime().halt(0);
            }
        }
    }

    private static void planOne(Path folder) {
        try {
            PlanRequest request = PlanFiles.readRequest(folder.resolve(PlanFiles.REQUEST));
            try {
                PlanFiles.writePlanned(folder.resolve(PlanFiles.RESULT), JobCode.plan(request));
            } catch (Throwable e) {
                PlanFiles.writeJobFailed(folder.resolve(PlanFiles.RESULT), Failures.describe(e), Failures.stackTrace(e));
            }
        } catch (Throwable e) { // no result file: the coordinator reports the process's output
            e.printStackTrace();
        }
    }

    /** Whether every thread alive now was alive before the first job: a job's leftover threads spend the process. */
    private static boolean leftNoThread(Set<Thread> baseline) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !baseline.contains(thread)) {
                return false;
            }
        }
        return true;
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

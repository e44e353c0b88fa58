package io.gristmill.coordinator.internal.planning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Plans jobs in planning JVMs ({@link PlanningProcess}), never in the coordinator: a job whose code exits, loops or
 * exhausts memory fails only itself, and {@link Planning#kill} (a kill of the job, or its {@code planTimeout}) kills
 * the process planning it.
 *
 * <p>Starting a JVM takes a few hundred milliseconds — seconds on a loaded machine — so processes are kept warm:
 * <ul>
 * <li>one fresh process is always started ahead of need (the spare): a job takes it, and the next spare starts;</li>
 * <li>a process whose planning succeeded and left no thread of the job's running goes back to an idle pool, keyed by
 * the job's jar ({@linkplain #jarKey its path, size and time}: the coordinator keeps jars by content hash, so one
 * path is one content), and plans the next job of the same jar — each in a class loader of its own, with the
 * system properties put back — instead of a new JVM. Only jobs of the same jar share a process, so a job's code
 * never shares one with another jar's. The pool is bounded: at most {@value #MAX_IDLE} idle processes, each used
 * for at most {@value #MAX_PLANS_PER_PROCESS} plannings, and ended after {@value #IDLE_MILLIS} ms unused.</li>
 * </ul>
 * A process whose planning failed, timed out or was killed is never reused.
 */
public final class ChildProcessPlanRunner implements PlanRunner {
    private static final Logger log = LoggerFactory.getLogger(ChildProcessPlanRunner.class);
    static final int MAX_IDLE = 2;
    static final int MAX_PLANS_PER_PROCESS = 100;
    static final long IDLE_MILLIS = 60_000;

    private final Path workDir;
    private final List<String> command;
    private final LongSupplier clock;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "gristmill-planning");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gristmill-planning-sweeper");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    private final Set<PlanningProcess> live = new HashSet<>(); // guarded by lock: every process started, not yet destroyed
    private final Map<PlanningProcess, Long> idle = new LinkedHashMap<>(); // guarded by lock: warm, with when each went idle, oldest first
    private PlanningProcess spare; // guarded by lock
    private boolean closed; // guarded by lock

    /**
     * @param workDir    where planning processes keep their files (created if missing)
     * @param jvmOptions options for the planning JVM, e.g. {@code -Xmx512m}
     */
    public ChildProcessPlanRunner(Path workDir, List<String> jvmOptions) {
        this(workDir, jvmOptions, System::currentTimeMillis);
        sweeper.scheduleWithFixedDelay(this::endIdleProcesses, IDLE_MILLIS / 4, IDLE_MILLIS / 4, TimeUnit.MILLISECONDS);
    }

    /** With the clock that times idle processes; nothing ends them but {@link #endIdleProcesses}. */
    ChildProcessPlanRunner(Path workDir, List<String> jvmOptions, LongSupplier clock) {
        this.workDir = workDir;
        this.clock = clock;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a process that runs a little code a few times: the C1 compiler and the serial collector suit it
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        cmd.addAll(classDataSharing());
        cmd.addAll(jvmOptions);
        cmd.add("-Dgristmill.role=planner");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PlanningMain.class.getName());
        this.command = List.copyOf(cmd);
        threads.execute(this::refillSpare);
    }

    /**
     * The class data archive this process was started with (bin/gristmill gives one once `local` has made it): the
     * planning process has the same class path, so it maps the same classes instead of loading them again.
     */
    private static List<String> classDataSharing() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-XX:SharedArchiveFile="))
                .flatMap(arg -> java.util.stream.Stream.of(arg, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"))
                .toList();
    }

    @Override
    public Planning start(PlanRequest request) {
        ChildPlanning planning = new ChildPlanning();
        threads.execute(() -> planning.run(request));
        return planning;
    }

    /** How many processes wait idle, warm from an earlier planning (the spare not counted). */
    int idleProcesses() {
        synchronized (lock) {
            return idle.size();
        }
    }

    /** Ends the idle processes unused for {@value #IDLE_MILLIS} ms (and any that died while idle). */
    void endIdleProcesses() {
        List<PlanningProcess> ended = new ArrayList<>();
        synchronized (lock) {
            long now = clock.getAsLong();
            for (Iterator<Map.Entry<PlanningProcess, Long>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<PlanningProcess, Long> entry = it.next();
                if (now - entry.getValue() >= IDLE_MILLIS || !entry.getKey().isAlive()) {
                    it.remove();
                    ended.add(entry.getKey());
                }
            }
        }
        ended.forEach(this::destroy);
    }

    /** Kills every planning process (the spare, the idle and those planning) and removes their folders. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            spare = null;
            idle.clear();
        }
        sweeper.shutdownNow();
        threads.shutdownNow();
        destroyLive();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        destroyLive(); // any started while the threads stopped
        try {
            Files.deleteIfExists(workDir); // only if no planning left files behind
        } catch (IOException e) {
            log.debug("keeping {}: {}", workDir, e.toString());
        }
    }

    /** What tells jars apart: the coordinator's jar store names a jar by its content hash. */
    static String jarKey(Path jar) {
        try {
            return jar.toAbsolutePath().normalize() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return jar.toAbsolutePath().normalize() + "|unreadable"; // planning will say why
        }
    }

    private void inBackground(Runnable work) {
        try {
            threads.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            work.run(); // closing: do it here
        }
    }

    private void destroyLive() {
        List<PlanningProcess> processes;
        synchronized (lock) {
            processes = new ArrayList<>(live);
        }
        processes.forEach(this::destroy);
    }

    private void destroy(PlanningProcess process) {
        process.destroy();
        synchronized (lock) {
            live.remove(process);
        }
    }

    /**
     * An idle process warm from {@code jarKey}'s jar, else the spare if it is alive (the next spare then starts in the
     * background), else a process started now.
     */
    private PlanningProcess take(String jarKey) throws IOException {
        PlanningProcess taken = null;
        List<PlanningProcess> dead = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                throw new IOException("the coordinator is shutting down");
            }
            for (Iterator<PlanningProcess> it = idle.keySet().iterator(); it.hasNext() && taken == null; ) {
                PlanningProcess process = it.next();
                if (!process.isAlive()) {
                    it.remove();
                    dead.add(process);
                } else if (process.jarKey().equals(jarKey)) {
                    it.remove();
                    taken = process;
                }
            }
        }
        dead.forEach(process -> {
            log.warn("an idle planning process had exited ({})", process.describeExit());
            destroy(process);
        });
        if (taken != null) {
            return taken;
        }
        synchronized (lock) {
            taken = spare;
            spare = null;
        }
        inBackground(this::refillSpare);
        if (taken != null && taken.isAlive()) {
            return taken;
        }
        if (taken != null) {
            log.warn("the spare planning process had exited ({})", taken.describeExit());
            destroy(taken);
        }
        return startProcess();
    }

    /** After a planning that succeeded and left nothing running: idle for the next job of its jar, if there is room. */
    private void giveBack(PlanningProcess process) {
        PlanningProcess evicted = null;
        synchronized (lock) {
            if (closed || process.plans() >= MAX_PLANS_PER_PROCESS) {
                evicted = process;
            } else {
                idle.put(process, clock.getAsLong());
                if (idle.size() > MAX_IDLE) {
                    Iterator<PlanningProcess> oldest = idle.keySet().iterator();
                    evicted = oldest.next();
                    oldest.remove();
                }
            }
        }
        if (evicted != null) {
            PlanningProcess ended = evicted;
            inBackground(() -> destroy(ended));
        }
    }

    private void refillSpare() {
        try {
            synchronized (lock) {
                if (closed || spare != null) {
                    return;
                }
            }
            PlanningProcess started = startProcess();
            synchronized (lock) {
                if (!closed && spare == null) {
                    spare = started;
                    return;
                }
            }
            destroy(started);
        } catch (IOException | RuntimeException e) {
            log.warn("could not start a spare planning process: {}", e.toString());
        }
    }

    private PlanningProcess startProcess() throws IOException {
        Files.createDirectories(workDir);
        Path dir = workDir.resolve("plan-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet());
        synchronized (lock) { // so that close() sees every process started
            if (closed) {
                throw new IOException("the coordinator is shutting down");
            }
            PlanningProcess process = PlanningProcess.start(command, dir);
            live.add(process);
            return process;
        }
    }

    private final class ChildPlanning implements Planning {
        private final CompletableFuture<PlanResult> result = new CompletableFuture<>();
        private PlanningProcess process; // guarded by this
        private String killedBecause; // guarded by this

        @Override
        public CompletableFuture<PlanResult> result() {
            return result;
        }

        @Override
        public void kill(String reason) {
            PlanningProcess running;
            synchronized (this) {
                if (killedBecause != null || result.isDone()) {
                    return;
                }
                killedBecause = reason;
                running = process;
            }
            result.completeExceptionally(new PlanningFailedException(reason, null));
            if (running != null) {
                inBackground(() -> destroy(running));
            }
        }

        void run(PlanRequest request) {
            PlanningProcess taken;
            String jarKey = jarKey(request.jar());
            try {
                taken = take(jarKey);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(new PlanningFailedException(
                        "could not start a planning process: " + e.getMessage(), null));
                return;
            }
            synchronized (this) {
                if (killedBecause != null) {
                    inBackground(() -> destroy(taken));
                    return;
                }
                process = taken;
            }
            try {
                finish(taken, taken.plan(request, jarKey));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(new PlanningFailedException("planning process " + taken.pid()
                        + " failed: " + e, null));
                destroy(taken);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy(taken);
                result.completeExceptionally(new PlanningFailedException("planning was interrupted", null));
            }
        }

        private void finish(PlanningProcess taken, PlanningProcess.Outcome outcome) {
            synchronized (this) {
                if (killedBecause != null) {
                    return; // kill() destroys it
                }
                process = null; // a kill from now on comes too late to stop it: the process is not this job's anymore
            }
            PlanFiles.Outcome planned = outcome.result();
            boolean succeeded = planned != null && planned.result() != null;
            if (succeeded && outcome.reusable() && taken.isAlive()) {
                giveBack(taken);
            } else {
                inBackground(() -> destroy(taken));
            }
            if (planned == null) {
                result.completeExceptionally(new PlanningFailedException(outcome.failure(), null));
            } else if (planned.result() == null) {
                result.completeExceptionally(new PlanningFailedException(planned.error(), planned.stackTrace()));
            } else {
                result.complete(planned.result());
            }
        }
    }
}

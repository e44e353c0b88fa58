package io.gristmill.coordinator.internal.planning;

import io.gristmill.cluster.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plans each job in a JVM of its own ({@link PlanningMain}), used for that one job and then gone: a job whose code
 * exits, loops or exhausts memory fails only itself, and {@link Planning#kill} really stops it.
 *
 * <p>Starting a JVM takes a few hundred milliseconds, so one process is always started ahead of need (the spare):
 * a job takes the spare, and the next spare starts at once. Each process works in a folder of its own under
 * {@code workDir} (request, result and everything it printed), removed when the planning ends.
 */
public final class ChildProcessPlanRunner implements PlanRunner {
    private static final Logger log = LoggerFactory.getLogger(ChildProcessPlanRunner.class);
    private static final int OUTPUT_TAIL_BYTES = 2048;

    private final Path workDir;
    private final List<String> command;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "gristmill-planning");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong sequence = new AtomicLong();
    private final Object lock = new Object();
    private final Set<Child> live = new HashSet<>(); // guarded by lock: every process started and not yet gone
    private Child spare; // guarded by lock
    private boolean closed; // guarded by lock

    /**
     * @param workDir    where planning processes keep their files (created if missing)
     * @param jvmOptions options for the planning JVM, e.g. {@code -Xmx512m}
     */
    public ChildProcessPlanRunner(Path workDir, List<String> jvmOptions) {
        this.workDir = workDir;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a short-lived process that runs a little code once: the C1 compiler and the serial collector suit it
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

    /** Kills every planning process (the spare and those planning) and removes their folders. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            spare = null;
        }
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

    private void inBackground(Runnable work) {
        try {
            threads.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            work.run(); // closing: do it here
        }
    }

    private void destroyLive() {
        List<Child> children;
        synchronized (lock) {
            children = new ArrayList<>(live);
        }
        children.forEach(Child::destroy);
    }

    /** Takes the spare if it is alive (else starts a process now) and starts the next spare in the background. */
    private Child takeChild() throws IOException {
        Child taken;
        synchronized (lock) {
            if (closed) {
                throw new IOException("the coordinator is shutting down");
            }
            taken = spare;
            spare = null;
        }
        inBackground(this::refillSpare);
        if (taken != null && taken.process.isAlive()) {
            return taken;
        }
        if (taken != null) {
            log.warn("the spare planning process had exited ({}): {}", taken.process.exitValue(), taken.outputTail());
            taken.removeFolder();
        }
        return startChild();
    }

    private void refillSpare() {
        try {
            synchronized (lock) {
                if (closed || spare != null) {
                    return;
                }
            }
            Child started = startChild();
            synchronized (lock) {
                if (!closed && spare == null) {
                    spare = started;
                    return;
                }
            }
            started.destroy();
        } catch (IOException | RuntimeException e) {
            log.warn("could not start a spare planning process: {}", e.toString());
        }
    }

    private Child startChild() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("the coordinator is shutting down");
            }
        }
        Files.createDirectories(workDir);
        Path dir = Files.createDirectory(workDir.resolve("plan-" + ProcessHandle.current().pid() + "-"
                + sequence.incrementAndGet()));
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        Child child;
        synchronized (lock) {
            Process process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(PlanFiles.OUTPUT).toFile())
                    .start();
            child = new Child(dir, process);
            live.add(child);
        }
        return child;
    }

    private void gone(Child child) {
        synchronized (lock) {
            live.remove(child);
        }
    }

    /** A planning process and its folder. */
    private final class Child {
        final Path dir;
        final Process process;

        Child(Path dir, Process process) {
            this.dir = dir;
            this.process = process;
        }

        /** Hands it the request: it has been waiting for this line. */
        void go(PlanRequest request) throws IOException {
            PlanFiles.writeRequest(dir.resolve(PlanFiles.REQUEST), request);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        void destroy() {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // what the job's code may have started
            process.destroyForcibly();
            try {
                process.onExit().get();
            } catch (Exception e) {
                // gone or going; the folder is removed either way
            }
            removeFolder();
        }

        void removeFolder() {
            gone(this);
            try {
                FileTrees.deleteRecursively(dir);
            } catch (IOException e) {
                log.debug("could not remove {}: {}", dir, e.toString());
            }
        }

        /** The last lines the process printed, for error messages. */
        String outputTail() {
            Path output = dir.resolve(PlanFiles.OUTPUT);
            try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
                long length = file.length();
                long from = Math.max(0, length - OUTPUT_TAIL_BYTES);
                byte[] bytes = new byte[(int) (length - from)];
                file.seek(from);
                file.readFully(bytes);
                String text = new String(bytes, StandardCharsets.UTF_8).strip();
                return text.isEmpty() ? "(it printed nothing)" : (from > 0 ? "..." : "") + text;
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }
    }

    private final class ChildPlanning implements Planning {
        private final CompletableFuture<PlanResult> result = new CompletableFuture<>();
        private Child child; // guarded by this
        private String killedBecause; // guarded by this

        @Override
        public CompletableFuture<PlanResult> result() {
            return result;
        }

        @Override
        public void kill(String reason) {
            Child running;
            synchronized (this) {
                if (killedBecause != null || result.isDone()) {
                    return;
                }
                killedBecause = reason;
                running = child;
            }
            result.completeExceptionally(new PlanningFailedException(reason, null));
            if (running != null) {
                inBackground(running::destroy);
            }
        }

        void run(PlanRequest request) {
            Child taken;
            try {
                taken = takeChild();
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(new PlanningFailedException(
                        "could not start a planning process: " + e.getMessage(), null));
                return;
            }
            synchronized (this) {
                if (killedBecause != null) {
                    inBackground(taken::destroy);
                    return;
                }
                child = taken;
            }
            try {
                taken.go(request);
                int status = taken.process.waitFor();
                finish(taken, status);
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(new PlanningFailedException("planning process " + taken.process.pid()
                        + " failed: " + e + "; it printed: " + taken.outputTail(), null));
                taken.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                taken.destroy();
                result.completeExceptionally(new PlanningFailedException("planning was interrupted", null));
            }
        }

        private void finish(Child taken, int status) throws IOException {
            synchronized (this) {
                if (killedBecause != null) {
                    taken.removeFolder();
                    return;
                }
            }
            PlanFiles.Outcome outcome = PlanFiles.readOutcome(taken.dir.resolve(PlanFiles.RESULT));
            if (outcome == null) {
                result.completeExceptionally(new PlanningFailedException("the planning process exited with status "
                        + status + " before it finished (did the job's code call System.exit, or run out of memory?);"
                        + " its last output: " + taken.outputTail(), null));
            } else if (outcome.result() == null) {
                result.completeExceptionally(new PlanningFailedException(outcome.error(), outcome.stackTrace()));
            } else {
                result.complete(outcome.result());
            }
            taken.removeFolder();
        }
    }
}

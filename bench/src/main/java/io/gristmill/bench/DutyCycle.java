package io.gristmill.bench;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Makes a process slow for real: a thread stops it ({@code SIGSTOP}) for {@code stoppedMillis}, continues it
 * ({@code SIGCONT}) for {@code runningMillis}, and again, until {@link #close()}, which always leaves the process
 * continued, also when the thread failed.
 *
 * <p>The signals go through one {@code bash} started for the purpose, which reads {@code STOP PID} lines on its
 * standard input and runs its builtin {@code kill}: starting a {@code kill} process for each of ten signals a
 * second would cost CPU that the processes being measured share. {@link #close()} also sends a last
 * {@code SIGCONT} through a {@code kill} process of its own, in case the shell is gone.
 */
final class DutyCycle implements AutoCloseable {
    private final long pid;
    private final long stoppedMillis;
    private final long runningMillis;
    private final Process shell;
    private final Writer commands;
    private final Thread thread;
    private volatile boolean stop;
    private volatile Exception failure;
    private long cycles;
    private boolean closed;

    private DutyCycle(long pid, long stoppedMillis, long runningMillis) throws IOException {
        this.pid = pid;
        this.stoppedMillis = stoppedMillis;
        this.runningMillis = runningMillis;
        this.shell = new ProcessBuilder("bash", "-c", "while read -r signal pid; do kill -\"$signal\" \"$pid\"; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        this.commands = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
        this.thread = new Thread(this::cycle, "duty-cycle-" + pid);
        thread.setDaemon(true);
    }

    /** Starts stopping and continuing process {@code pid}. */
    static DutyCycle start(long pid, long stoppedMillis, long runningMillis) throws IOException {
        DutyCycle cycle = new DutyCycle(pid, stoppedMillis, runningMillis);
        cycle.thread.start();
        return cycle;
    }

    private void cycle() {
        try {
            while (!stop) {
                signal("STOP");
                Thread.sleep(stoppedMillis);
                signal("CONT");
                cycles++;
                if (!stop) {
                    Thread.sleep(runningMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = e;
        } finally {
            try {
                signal("CONT");
            } catch (IOException e) {
                // close() continues the process itself
            }
        }
    }

    private void signal(String signal) throws IOException {
        commands.write(signal + " " + pid + "\n");
        commands.flush();
    }

    /** How many stop/continue cycles ran; meaningful after {@link #close()}. */
    long cycles() {
        return cycles;
    }

    /** Why the cycle broke off early, or null. */
    Exception failure() {
        return failure;
    }

    /** Ends the cycle and leaves the process continued. Idempotent; also safe from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            commands.close(); // the shell ends at the end of its input, after the commands already sent
            if (!shell.waitFor(5, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (IOException e) {
            shell.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        continueProcess(pid);
    }

    /** {@code kill -CONT pid}, waited for; errors only reported (the process may be gone). */
    static void continueProcess(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-CONT", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("bench: could not continue process " + pid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.gristmill.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The simulated hosts spread over K child JVMs ({@code --host-jvms K}), each a {@link HostJvm} running its share.
 * In one JVM, 20 Hazelcast members and 2,000 workers competed for one process's threads and collector: under load the
 * workers' heartbeats went out late and live workers were declared dead. The children start at once, so their hosts
 * also join K at a time instead of one after another. The harness talks to each child over its stdin and stdout
 * ({@link HostJvmProtocol}); a child's stderr goes to {@code host-jvm-<k>.log} in the run's folder.
 */
final class HostJvms implements SimulatedHosts {
    private static final long START_MINUTES = 10;
    private static final long ANSWER_SECONDS = 120;

    /**
     * One child JVM and how many of its hosts are still alive. A thread of its own reads the child's answers as they
     * come, so a command can wait for one with a timeout, and the child never blocks on a full pipe.
     */
    private static final class Child {
        final Process process;
        final PrintWriter commands;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        int liveHosts;

        Child(Process process, int hosts) {
            this.process = process;
            this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.liveHosts = hosts;
            Thread reader = new Thread(this::readAnswers, "sim-host-jvm-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void readAnswers() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String text = HostJvmProtocol.parse(line);
                    if (text != null) {
                        answers.add(text);
                    }
                }
            } catch (IOException e) {
                // the child is gone: whoever waits for an answer times out or sees it ended
            }
            answers.add(ENDED);
        }
    }

    /** Put in a child's answers once its stdout ends. */
    private static final String ENDED = "\0ended";

    private final List<Child> children = new ArrayList<>();
    private int nextSilenced;

    private HostJvms() {
    }

    /**
     * Starts {@code jvms} children sharing {@code hosts} hosts and {@code workers} workers (host {@code h} has as many
     * workers as it would in one JVM) and waits until every child's hosts are up.
     */
    static HostJvms start(SimOptions options, String clusterName, String join, int jvms, int hosts, int workers,
                          Path logDir) throws Exception {
        HostJvms all = new HostJvms();
        Runtime.getRuntime().addShutdownHook(new Thread(all::destroy, "gristmill-sim-host-jvms-stop"));
        int k = Math.max(1, Math.min(jvms, hosts));
        int first = 0;
        try {
            for (int i = 0; i < k; i++) {
                int share = hosts / k + (i < hosts % k ? 1 : 0);
                int shareWorkers = 0;
                for (int h = first; h < first + share; h++) {
                    shareWorkers += workers / hosts + (h < workers % hosts ? 1 : 0);
                }
                ProcessBuilder builder = new ProcessBuilder(command(options, clusterName, join, k, first, share, shareWorkers))
                        .redirectError(logDir.resolve("host-jvm-" + i + ".log").toFile());
                all.children.add(new Child(builder.start(), share));
                first += share;
            }
            for (Child child : all.children) {
                all.expect(child, "ready", TimeUnit.MINUTES.toSeconds(START_MINUTES));
            }
        } catch (Exception e) {
            all.close();
            throw e;
        }
        System.err.printf("simulator: %d hosts up in %d JVMs (logs host-jvm-*.log in %s)%n", hosts, k, logDir);
        return all;
    }

    /**
     * The same java and flags as this JVM (but its heap, a share of this one's, and no profiling; so C1 only, as
     * {@code bench/sim} runs this one), then the child's arguments; under {@code nice} when asked (see
     * {@code --host-nice}).
     */
    private static List<String> command(SimOptions options, String clusterName, String join, int jvms, int first,
                                        int hosts, int workers) {
        List<String> command = new ArrayList<>();
        if (options.hostNice() != 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(options.hostNice())));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-Xmx") && !flag.startsWith("-XX:StartFlightRecording") && !flag.startsWith("-Xlog")) {
                command.add(flag);
            }
        }
        long heapMiB = Math.max(1024, Runtime.getRuntime().maxMemory() / jvms / (1024 * 1024));
        command.add("-Xmx" + heapMiB + "m");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HostJvm.class.getName(), clusterName, join,
                Integer.toString(first), Integer.toString(hosts), Integer.toString(workers),
                Integer.toString(options.slots()), options.mapTimes().spec(), options.reduceTimes().spec(),
                options.mapTimes().stragglerSpec(), Long.toString(options.seed())));
        return command;
    }

    /** The child's next answer, within {@code seconds}. */
    private String answer(Child child, long seconds) throws InterruptedException {
        String answer = child.answers.poll(seconds, TimeUnit.SECONDS);
        if (answer == null) {
            throw new IllegalStateException("a simulated host JVM did not answer within " + seconds + " s");
        }
        if (answer.equals(ENDED)) {
            child.answers.add(ENDED); // for the next question too
            throw new IllegalStateException("a simulated host JVM ended (exit " + exitOf(child) + ")");
        }
        return answer;
    }

    private static String exitOf(Child child) {
        try {
            return child.process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(child.process.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void expect(Child child, String wanted, long seconds) throws Exception {
        String got = answer(child, seconds);
        if (!got.equals(wanted)) {
            throw new IllegalStateException("a simulated host JVM answered '" + got + "' instead of '" + wanted + "'");
        }
    }

    private String ask(Child child, String command) {
        child.commands.println(command);
        try {
            return answer(child, ANSWER_SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a simulated host JVM did not answer '" + command + "': " + e, e);
        }
    }

    /** One host at a time, from the child with the most live hosts: the crashes spread over the JVMs. */
    @Override
    public int crashHosts(int count) {
        int lost = 0;
        for (int i = 0; i < count; i++) {
            Child child = children.stream().filter(c -> c.liveHosts > 0)
                    .max(Comparator.comparingInt((Child c) -> c.liveHosts).thenComparingInt(children::indexOf)).orElse(null);
            if (child == null) {
                break;
            }
            lost += Integer.parseInt(ask(child, "crash 1"));
            child.liveHosts--;
        }
        return lost;
    }

    /** One worker at a time from each child in turn (each takes its workers round-robin over its hosts). */
    @Override
    public int silenceWorkers(int count) {
        int done = 0;
        for (int tries = 0; done < count && tries < count * children.size(); tries++) {
            Child child = children.get(nextSilenced++ % children.size());
            done += Integer.parseInt(ask(child, "silence 1"));
        }
        return done;
    }

    @Override
    public Map<String, BusCounters.Tally> traffic() {
        Map<String, BusCounters.Tally> sum = new TreeMap<>();
        children.forEach(child -> HostJvmProtocol.merge(sum, HostJvmProtocol.decode(ask(child, "traffic"))));
        return sum;
    }

    @Override
    public void resetTraffic() {
        children.forEach(child -> ask(child, "reset"));
    }

    @Override
    public double cpuSeconds() {
        return ProcessCpu.ofThisJvm() + children.stream().mapToDouble(c -> ProcessCpu.seconds(c.process.pid())).sum();
    }

    /** Every child closes its hosts (all children at once), then exits; one that does not within 2 minutes is killed. */
    @Override
    public void close() {
        children.forEach(child -> child.commands.println("close"));
        for (Child child : children) {
            try {
                if (!child.process.waitFor(2, TimeUnit.MINUTES)) {
                    child.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.process.destroyForcibly();
            }
        }
    }

    /** A harness stopped by a signal kills its children (they would also end on their stdin closing). */
    private void destroy() {
        children.forEach(child -> child.process.destroyForcibly());
    }
}

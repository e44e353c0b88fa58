package io.gristmill.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real, unmodified {@code gristmill coordinator} process started from the built distribution through its launcher,
 * on ports it picks (read from its port file), with its own state dir and cluster name; and what can be measured
 * of it from outside: CPU seconds ({@code /proc/<pid>/stat}) and heap after a full GC (over its local JMX agent, see
 * {@link HeapProbe}).
 */
final class CoordinatorProcess implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final int clusterPort;
    private HeapProbe heap; // once openHeapProbe() has attached

    private CoordinatorProcess(Process process, int httpPort, int clusterPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.clusterPort = clusterPort;
    }

    /**
     * @param jvmOptions passed in {@code GRISTMILL_OPTS}, which the launcher adds to the JVM's flags; further
     *                   {@code coordinator} options come from {@code BENCH_SIM_COORDINATOR_ARGS} (e.g.
     *                   {@code --kept-tasks 205000})
     */
    static CoordinatorProcess start(Path launcher, Path dir, String clusterName, String jvmOptions) throws Exception {
        Files.createDirectories(dir);
        Path portFile = dir.resolve("ports");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "coordinator", "--http-port", "0",
                "--cluster-port", "0", "--cluster-name", clusterName, "--state-dir", dir.resolve("state").toString(),
                "--port-file", portFile.toString()));
        String extra = System.getenv().getOrDefault("BENCH_SIM_COORDINATOR_ARGS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("coordinator.log").toFile());
        builder.environment().put("GRISTMILL_OPTS", jvmOptions);
        Process process = builder.start();
        // a simulator stopped by a signal must not leave a coordinator behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "gristmill-sim-coordinator-stop"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5); // 2 minutes were too few at a load average of 70;
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("the coordinator did not start; see " + dir.resolve("coordinator.log"));
            }
            Thread.sleep(100);
        }
        Properties ports = new Properties();
        try (var reader = Files.newBufferedReader(portFile)) {
            ports.load(reader);
        }
        return new CoordinatorProcess(process, Integer.parseInt(ports.getProperty("http")),
                Integer.parseInt(ports.getProperty("cluster")));
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Where the simulated hosts join the cluster. */
    String clusterAddress() {
        return "127.0.0.1:" + clusterPort;
    }

    long pid() {
        return process.pid();
    }

    /** User + system CPU seconds of the process so far. */
    double cpuSeconds() {
        return ProcessCpu.seconds(process.pid());
    }

    /**
     * Attaches to the process for {@link #heapAfterFullGcMiB}, before the measured job: the first attach starts the
     * JMX agent in the coordinator, which costs it CPU once.
     */
    void openHeapProbe() {
        try {
            heap = HeapProbe.attach(process.pid());
        } catch (IOException | RuntimeException e) {
            System.err.println("simulator: cannot read the coordinator's heap: " + e.getMessage());
        }
    }

    /** Runs a full GC in the process and returns the heap used after it, in MiB (-1 when it cannot be read). */
    double heapAfterFullGcMiB() {
        try {
            return heap == null ? -1 : heap.usedAfterFullGcMiB();
        } catch (RuntimeException e) { // the connection broke, or the process is gone
            System.err.println("simulator: cannot read the coordinator's heap: " + e);
            return -1;
        }
    }

    /** The highest heap occupancy after any GC pause in the coordinator's GC log ({@code -Xlog:gc}), in MiB. */
    static double peakAfterGcMiB(Path gcLog) throws IOException {
        Pattern after = Pattern.compile("->(\\d+)M\\(");
        double peak = -1;
        if (!Files.exists(gcLog)) {
            return peak;
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = after.matcher(line);
            if (line.contains("Pause") && m.find()) {
                peak = Math.max(peak, Double.parseDouble(m.group(1)));
            }
        }
        return peak;
    }

    @Override
    public void close() throws InterruptedException {
        if (heap != null) {
            try {
                heap.close();
            } catch (IOException e) {
                // the process stops anyway
            }
        }
        process.destroy(); // SIGTERM: its shutdown hook leaves the cluster
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

}

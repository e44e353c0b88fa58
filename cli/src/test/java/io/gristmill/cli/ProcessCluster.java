package io.gristmill.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A coordinator and workers as separate JVMs on 127.0.0.1, each test cluster with its own name and free ports
 * (port 0 + port files), for tests that crash processes for real. Closing kills every process it started.
 */
public final class ProcessCluster implements AutoCloseable {
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3); // a JVM joining Hazelcast took over 90 s at load 70

    private final Path dir;
    private final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Map<String, Process> workersById = new java.util.HashMap<>();
    private final List<Integer> workerClusterPorts = new ArrayList<>();
    private Process coordinator;
    private int clusterPort;
    private RestClient rest;
    private String baseUrl;
    private final java.util.Map<String, Integer> shufflePorts = new java.util.LinkedHashMap<>();
    private int workerCount;
    private List<String> commonJvmFlags = List.of();
    private java.util.Map<String, String> environment = java.util.Map.of();
    private List<String> coordinatorOptions = List.of();
    private final java.util.Map<Process, String> standbyUrls = new java.util.HashMap<>();
    private Duration heartbeatTimeout = HEARTBEAT_TIMEOUT;

    public ProcessCluster(Path dir) {
        this.dir = dir;
    }

    /** A coordinator and {@code workers} workers of {@code slots} slots each, all registered. */
    public static ProcessCluster start(Path dir, int workers, int slots) throws Exception {
        return start(dir, workers, slots, List.of());
    }

    /** As {@link #start(Path, int, int)}, every process started with {@code jvmFlags} (e.g. fault injection). */
    static ProcessCluster start(Path dir, int workers, int slots, List<String> jvmFlags) throws Exception {
        return start(dir, workers, slots, jvmFlags, HEARTBEAT_TIMEOUT);
    }

    /** As {@link #start(Path, int, int, List)}, every process with {@code --heartbeat-timeout heartbeatTimeout}. */
    static ProcessCluster start(Path dir, int workers, int slots, List<String> jvmFlags, Duration heartbeatTimeout)
            throws Exception {
        ProcessCluster cluster = new ProcessCluster(dir);
        cluster.heartbeatTimeout = heartbeatTimeout;
        cluster.commonJvmFlags(jvmFlags);
        try {
            cluster.startCoordinator();
            for (int i = 0; i < workers; i++) {
                cluster.startWorker(slots);
            }
            cluster.awaitLiveWorkers(workers);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close(); // the caller never gets the cluster to close: its processes would outlive the test
            throw e;
        }
    }

    public ProcessCluster startCoordinator() throws Exception {
        return startCoordinator(0, List.of());
    }

    private ProcessCluster startCoordinator(int port, List<String> join) throws Exception {
        Path ports = dir.resolve("coordinator.ports");
        Files.deleteIfExists(ports);
        List<String> args = new ArrayList<>(List.of("coordinator", "--http-port", "0", "--cluster-port", Integer.toString(port),
                "--cluster-name", name, "--state-dir", dir.resolve("state").toString(), "--port-file", ports.toString(),
                "--heartbeat-timeout", heartbeatTimeout.toSeconds() + "s"));
        join.forEach(member -> args.addAll(List.of("--join", member)));
        args.addAll(coordinatorOptions);
        coordinator = launch("coordinator-" + processes.size(), List.of(), args);
        Properties bound = awaitPortFile(ports, coordinator);
        clusterPort = Integer.parseInt(bound.getProperty("cluster"));
        baseUrl = "http://127.0.0.1:" + bound.getProperty("http");
        rest = new RestClient(baseUrl, null);
        return this;
    }

    /** Starts a worker and waits until it has joined (its port file exists). */
    public Process startWorker(int slots) throws Exception {
        return startWorker(slots, List.of(), List.of());
    }

    /** Starts a worker with extra JVM flags (e.g. {@code -Dname=value}) and extra {@code worker} options. */
    public Process startWorker(int slots, List<String> jvmFlags, List<String> options) throws Exception {
        int n = ++workerCount;
        Path ports = dir.resolve("worker-" + n + ".ports");
        List<String> args = new ArrayList<>(List.of("worker", "--join", "127.0.0.1:" + clusterPort,
                "--cluster-name", name, "--slots", Integer.toString(slots), "--work-dir", dir.resolve("work-" + n).toString(),
                "--port-file", ports.toString(), "--heartbeat-timeout", heartbeatTimeout.toSeconds() + "s"));
        args.addAll(options);
        Process worker = launch("worker-" + n, jvmFlags, args);
        Properties bound = awaitPortFile(ports, worker);
        workersById.put(bound.getProperty("worker"), worker);
        shufflePorts.put(bound.getProperty("worker"), Integer.parseInt(bound.getProperty("shuffle")));
        workerClusterPorts.add(Integer.parseInt(bound.getProperty("cluster")));
        return worker;
    }

    /**
     * Starts the coordinator on another host: behind {@code prefix} (e.g. {@code ip netns exec NS}), Hazelcast on
     * {@code host}, REST on {@code httpHost} with {@code token}. {@link #rest()} is not usable from here then: the
     * caller reaches the REST API from a host of its own.
     */
    Properties startCoordinatorOn(List<String> prefix, String host, String httpHost, String token) throws Exception {
        Path ports = dir.resolve("coordinator.ports");
        Files.deleteIfExists(ports);
        List<String> args = List.of("coordinator", "--http-host", httpHost, "--http-port", "0", "--cluster-host", host,
                "--cluster-port", "0", "--token", token, "--cluster-name", name, "--state-dir", dir.resolve("state").toString(),
                "--port-file", ports.toString(), "--heartbeat-timeout", heartbeatTimeout.toSeconds() + "s");
        coordinator = launchOn(prefix, "coordinator-" + processes.size(), List.of(), args);
        Properties bound = awaitPortFile(ports, coordinator);
        clusterPort = Integer.parseInt(bound.getProperty("cluster"));
        baseUrl = "http://" + host + ":" + bound.getProperty("http");
        return bound;
    }

    /** Starts a worker on another host (see {@link #startCoordinatorOn}) joining the coordinator at {@code join}. */
    Process startWorkerOn(List<String> prefix, String host, String join, int slots) throws Exception {
        int n = ++workerCount;
        Path ports = dir.resolve("worker-" + n + ".ports");
        List<String> args = List.of("worker", "--join", join, "--cluster-host", host, "--cluster-name", name,
                "--slots", Integer.toString(slots), "--work-dir", dir.resolve("work-" + n).toString(),
                "--port-file", ports.toString(), "--heartbeat-timeout", heartbeatTimeout.toSeconds() + "s");
        Process worker = launchOn(prefix, "worker-" + n, List.of(), args);
        Properties bound = awaitPortFile(ports, worker);
        workersById.put(bound.getProperty("worker"), worker);
        return worker;
    }

    /** JVM flags for every process started from now on, e.g. {@code -Dlogback.configurationFile=...}. */
    void commonJvmFlags(List<String> flags) {
        commonJvmFlags = List.copyOf(flags);
    }

    /** Environment variables for every process started from now on, e.g. AWS_ACCESS_KEY_ID. */
    ProcessCluster environment(java.util.Map<String, String> variables) {
        environment = java.util.Map.copyOf(variables);
        return this;
    }

    /** Extra {@code coordinator} options for coordinators started from now on, e.g. {@code --s3-endpoint URL}. */
    ProcessCluster coordinatorOptions(List<String> options) {
        coordinatorOptions = List.copyOf(options);
        return this;
    }

    /** The cluster name all processes of this cluster use. */
    String clusterName() {
        return name;
    }

    /** The coordinator's Hazelcast port. */
    int clusterPort() {
        return clusterPort;
    }

    /** Waits until the coordinator lists {@code count} live workers. */
    public void awaitLiveWorkers(int count) throws Exception {
        JsonArray workers = poll(START_TIMEOUT, rest::workers, listed -> alive(listed) >= count);
        if (alive(workers) < count) {
            throw new AssertionError("timed out waiting for " + count + " live workers; the coordinator lists "
                    + workers.encode() + "\n" + logTails());
        }
    }

    private static int alive(JsonArray workers) {
        int alive = 0;
        for (Object w : workers) {
            alive += ((JsonObject) w).getBoolean("alive") ? 1 : 0;
        }
        return alive;
    }

    /** The last lines of every process log of this cluster, so a failure on CI can be diagnosed from its report. */
    String logTails() throws IOException {
        StringBuilder tails = new StringBuilder();
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                tails.append("--- ").append(log.getFileName()).append(" (last 40 lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> tails.append(l).append('\n'));
            }
        }
        return tails.toString();
    }

    /** The coordinator's HTTP address, e.g. {@code http://127.0.0.1:41234}: REST API and console. */
    public String baseUrl() {
        return baseUrl;
    }

    RestClient rest() {
        return rest;
    }

    /** The coordinator's REST base URL. */
    String url() {
        return baseUrl;
    }

    /** Shuffle HTTP ports of the workers started so far, by worker id. */
    java.util.Map<String, Integer> shufflePorts() {
        return java.util.Collections.unmodifiableMap(shufflePorts);
    }

    Process coordinator() {
        return coordinator;
    }

    /** The worker incarnation id a worker process registered with. */
    String workerId(Process process) {
        return workersById.entrySet().stream().filter(e -> e.getValue() == process).map(java.util.Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("not a worker of this cluster: " + process.pid()));
    }

    /** Worker processes still running. */
    long liveWorkerProcesses() {
        return workersById.values().stream().filter(Process::isAlive).count();
    }

    /** The process of the worker incarnation {@code workerId} (as the coordinator reports it). */
    Process worker(String workerId) {
        Process process = workersById.get(workerId);
        if (process == null) {
            throw new AssertionError("no worker process known as " + workerId);
        }
        return process;
    }

    /**
     * Kills the coordinator with SIGKILL and starts a new one as an operator would: same state dir, same cluster
     * port (the one the workers joined through), and joining the workers. Knowing each other's addresses both
     * ways matters: Hazelcast heals a split only from the side that should merge, and only through the addresses
     * it was configured with.
     */
    void restartCoordinator() throws Exception {
        kill9(coordinator);
        startCoordinator(clusterPort, workerClusterPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    /**
     * Starts another coordinator on the same state dir that joins the cluster and stands by; returns its process
     * once it listens. Its REST URL is {@link #standbyUrl}.
     */
    Process startStandby() throws Exception {
        int n = processes.size();
        Path ports = dir.resolve("standby-" + n + ".ports");
        List<String> args = new ArrayList<>(List.of("coordinator", "--http-port", "0", "--cluster-port", "0",
                "--cluster-name", name, "--state-dir", dir.resolve("state").toString(), "--port-file", ports.toString(),
                "--heartbeat-timeout", heartbeatTimeout.toSeconds() + "s", "--join", "127.0.0.1:" + clusterPort));
        // through the workers too: the coordinator first started may be gone (a standby took over since)
        workerClusterPorts.forEach(p -> args.addAll(List.of("--join", "127.0.0.1:" + p)));
        Process standby = launch("standby-" + n, List.of(), args);
        Properties bound = awaitPortFile(ports, standby);
        standbyUrls.put(standby, "http://127.0.0.1:" + bound.getProperty("http"));
        return standby;
    }

    /** The REST URL of a coordinator started with {@link #startStandby}. */
    String standbyUrl(Process standby) {
        return standbyUrls.get(standby);
    }

    /** Waits until the standby {@code standby} answers as the active coordinator, then talks to it from now on. */
    void awaitTakeoverBy(Process standby) throws Exception {
        String url = standbyUrl(standby);
        await("the standby at " + url + " taking over", () -> isActive(url));
        useCoordinator(standby, url);
    }

    /** Whether the coordinator at {@code url} answers as the active one (a standby answers 503; its port may be closed). */
    static boolean isActive(String url) throws Exception {
        try {
            return new RestClient(url, null).jobs() != null;
        } catch (RestClient.ApiError | IOException e) {
            return false;
        }
    }

    /**
     * Runs the {@code gristmill} command line as its own process, as a user would, e.g. {@code submit ... --wait};
     * its output goes to {@code ROLE.log} (see {@link #output}); closing the cluster kills it.
     */
    Process cli(String role, List<String> args) throws IOException {
        return launch(role, List.of(), args);
    }

    /** What a process started as {@code role} has printed so far. */
    String output(String role) throws IOException {
        Path log = dir.resolve(role + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** From now on, talk to the coordinator at {@code url} (a standby that took over) and treat {@code process} as it. */
    void useCoordinator(Process process, String url) {
        coordinator = process;
        baseUrl = url;
        rest = new RestClient(url, null);
    }

    public JsonObject submit(Path jar, JsonObject spec) throws Exception {
        return rest.submit(jar, spec);
    }

    /** Polls the job until {@code until} holds for it, for at most {@code timeout}. */
    public JsonObject awaitJob(String id, Predicate<JsonObject> until, Duration timeout) throws Exception {
        JsonObject job = poll(timeout, () -> rest.job(id), until);
        if (!until.test(job)) {
            throw new AssertionError("job " + id + " did not reach the expected state in " + timeout + ": " + job.encode());
        }
        return job;
    }

    public JsonObject awaitEnd(String id, Duration timeout) throws Exception {
        return awaitJob(id, j -> List.of("SUCCEEDED", "FAILED", "KILLED").contains(j.getString("state")), timeout);
    }

    public JsonArray tasks(String id) throws Exception {
        return rest.tasks(id);
    }

    static void kill9(Process process) throws Exception {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " did not die");
        }
    }

    private Process launch(String role, List<String> jvmFlags, List<String> args) throws IOException {
        return launchOn(List.of(), role, jvmFlags, args);
    }

    /**
     * Starts {@code gristmill ARGS} as ProcessCluster starts its processes, behind {@code prefix} (e.g. {@code ip netns
     * exec NS}, to run it on another host), with its output in {@code ROLE.log}; closing the cluster kills it.
     */
    Process launchOn(List<String> prefix, String role, List<String> jvmFlags, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaBin());
        command.addAll(ChildJvms.BASE_FLAGS);
        command.addAll(ChildJvms.sharingFlags(args.get(0)));
        command.addAll(List.of("-DGRISTMILL_LOG_LEVEL=" + System.getProperty("GRISTMILL_LOG_LEVEL", "INFO"), // a failure's logs tell its story
                "-Dgristmill.home=" + System.getProperty("gristmill.home", ".."),
                "-Dvertx.cacheDirBase=" + dir.resolve("vertx-cache-" + role)));
        command.addAll(commonJvmFlags);
        command.addAll(jvmFlags);
        command.addAll(List.of(System.getProperty("gristmill.jvmFlags", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
        command.addAll(List.of("-cp", ChildJvms.classpath(), "io.gristmill.cli.Gristmill"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(role + ".log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Properties awaitPortFile(Path file, Process process) throws Exception {
        boolean written = poll(START_TIMEOUT, () -> Files.exists(file), exists -> exists || !process.isAlive());
        if (!written && !process.isAlive()) {
            throw new AssertionError("process exited with " + process.exitValue() + " before writing " + file
                    + "; log: " + log(file));
        }
        if (!written) {
            throw new AssertionError("no " + file + " within " + START_TIMEOUT);
        }
        Properties properties = new Properties();
        properties.load(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        return properties;
    }

    private String log(Path portFile) throws IOException {
        Path log = dir.resolve(portFile.getFileName().toString().replace(".ports", ".log"));
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Something a test observes, possibly by I/O or with a side effect such as replacing a dead worker. */
    interface Probe<T> {
        T observe() throws Exception;
    }

    /**
     * The tests' one way to wait for a state they cannot be told about: observes until {@code done} holds or
     * {@code timeout} passes, and returns the last observation.
     */
    static <T> T poll(Duration timeout, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T seen = probe.observe();
        while (!done.test(seen) && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling with a deadline
            seen = probe.observe();
        }
        return seen;
    }

    static void await(String what, Check check) throws Exception {
        if (!poll(START_TIMEOUT, check::holds, Boolean::booleanValue)) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

}

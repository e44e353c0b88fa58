package io.gristmill.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the benchmark and prints one table; started by {@code bench/run}.
 *
 * <p>Usage: {@code Runner REPO_DIR BENCH_DIR LAUNCHER}, where LAUNCHER is the command that runs {@code gristmill}
 * (normally {@code REPO_DIR/bin/gristmill}) or {@code -} when there is none. Settings come from the environment
 * (see {@code bench/README.md}).
 */
public final class Runner {
    /** Untimed runs of the scheduling job before the timed ones: at least this many... (see where it is used) */
    private static final int SCHEDULING_MIN_WARM_UPS = 5;
    /** ...and until this much time has passed (quick runs: a tenth). */
    private static final double SCHEDULING_WARM_UP_SECONDS = 20;

    /** The straggler row: workers of its cluster (the last one is slowed down)... */
    private static final int STRAGGLER_WORKERS = 3;
    /** ...stopped this long, then continued this long, over and over while a job runs (80% of the time stopped)... */
    private static final long STRAGGLER_STOPPED_MILLIS = 80;
    private static final long STRAGGLER_RUNNING_MILLIS = 20;
    /** ...map tasks per cluster slot, so that the slowed worker gets some and the others run several each... */
    private static final int STRAGGLER_MAPS_PER_SLOT = 3;
    /** ...and reducers per cluster slot. */
    private static final int STRAGGLER_REDUCERS_PER_SLOT = 2;
    /** Untimed runs of the no-straggler case before the timed ones (quick runs: one). */
    private static final int STRAGGLER_WARM_UPS = 3;
    /** The smallest split the text input format makes (its {@code minSplitSize()}). */
    static final long MIN_SPLIT_SIZE = 64L << 10;
    private static final String STRAGGLER_NONE = "straggler: word count, coord + 3 workers, none slowed";
    private static final String STRAGGLER_ON = "straggler: 1 of 3 workers 80% stopped, speculation on";
    private static final String STRAGGLER_OFF = "straggler: 1 of 3 workers 80% stopped, speculation off";

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern BACKUP = Pattern.compile("\"backup\"\\s*:\\s*true");
    private static final Pattern ALIVE = Pattern.compile("\"alive\"\\s*:\\s*true");

    private final Path repo;
    private final Path bench;
    private final Path target;
    private final Path data;
    private final Path outputs;
    private final Path logs;
    private final List<String> launcher;
    final Settings settings;
    private final boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
    final List<Row> rows = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();
    /** The duty cycle slowing a worker down right now, if any: the shutdown hook leaves its process continued. */
    private volatile DutyCycle dutyCycle;
    private String localUnavailable;
    private String clusterUnavailable;

    private Runner(Path repo, Path bench, String launcher, Settings settings) {
        this.repo = repo;
        this.bench = bench;
        this.target = bench.resolve("target");
        this.data = bench.resolve("data");
        this.outputs = target.resolve("out");
        this.logs = target.resolve("logs");
        this.launcher = launcher.equals("-") ? null : List.of(launcher);
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Runner REPO_DIR BENCH_DIR LAUNCHER|-");
            System.exit(2);
        }
        Runner runner = new Runner(Path.of(args[0]).toAbsolutePath().normalize(),
                Path.of(args[1]).toAbsolutePath().normalize(), args[2], Settings.fromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(runner::stopStarted));
        int failures = runner.run();
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Settings from the environment. */
    record Settings(int runs, List<String> textSizes, List<String> sortSizes, String heap, long seed, boolean quick,
                    String bigSize, String bigHeap, boolean cluster, int slots, int tasks, int tinyRuns,
                    int sortReducers, long naiveLimit, long timeoutSeconds, boolean straggler,
                    String stragglerSize, boolean takeover, String takeoverSize) {
        static Settings fromEnvironment() {
            Map<String, String> env = System.getenv();
            boolean quick = "1".equals(env.get("BENCH_QUICK"));
            String sizes = env.getOrDefault("BENCH_SIZES", quick ? "32m" : "256m,1g");
            String sortSizes = env.getOrDefault("BENCH_SORT_SIZES", quick ? "32m" : "1g");
            String big = env.getOrDefault("BENCH_BIG", quick ? "0" : "4g");
            return new Settings(
                    Integer.parseInt(env.getOrDefault("BENCH_RUNS", "3")),
                    split(sizes), split(sortSizes),
                    env.getOrDefault("BENCH_HEAP", "4g"),
                    Long.parseLong(env.getOrDefault("BENCH_SEED", "42")),
                    quick,
                    big.equals("0") || big.isBlank() ? null : big,
                    env.getOrDefault("BENCH_BIG_HEAP", "512m"),
                    !"0".equals(env.get("BENCH_CLUSTER")),
                    Integer.parseInt(env.getOrDefault("BENCH_SLOTS", "1")),
                    Integer.parseInt(env.getOrDefault("BENCH_TASKS", quick ? "200" : "2000")),
                    Integer.parseInt(env.getOrDefault("BENCH_TINY_RUNS", "5")),
                    Integer.parseInt(env.getOrDefault("BENCH_SORT_REDUCERS", "4")),
                    Generate.parseSize(env.getOrDefault("BENCH_NAIVE_LIMIT", "256m")),
                    Long.parseLong(env.getOrDefault("BENCH_TIMEOUT", quick ? "300" : "3600")),
                    !"0".equals(env.get("BENCH_STRAGGLER")),
                    env.getOrDefault("BENCH_STRAGGLER_SIZE", quick ? "32m" : "256m"),
                    !"0".equals(env.get("BENCH_TAKEOVER")),
                    env.getOrDefault("BENCH_TAKEOVER_SIZE", quick ? "32m" : "1g"));
        }

        private static List<String> split(String list) {
            return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** One line of the table. */
    static final class Row {
        final String name;
        final String input;
        final List<Double> seconds = new ArrayList<>();
        long inputBytes;
        long peakKib;
        String peakNote = "";
        Double baseline;
        String check = "OK";
        String notes = "";
        boolean rateInNotes;
        /** Lines for "Targets:" that the case itself worked out (printed where the row is). */
        final List<String> verdicts = new ArrayList<>();

        Row(String name, String input) {
            this.name = name;
            this.input = input;
        }

        double median() {
            return Runner.median(seconds);
        }

        void fail(String reason) {
            if (check.equals("OK")) {
                check = "FAIL: " + reason;
            }
        }

        boolean ok() {
            return check.equals("OK");
        }
    }

    /** The median of {@code values}; NaN if there are none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Wall time, peak resident set and exit code of one finished process. */
    record Measurement(double seconds, long peakKib, int exit, boolean timedOut) {
    }

    /** A job submitted to a cluster: its id and the {@code System.nanoTime()} just before its POST. */
    record Submitted(String id, long startNanos) {
    }

    /** A standby coordinator of a cluster: its process, REST URL and cluster port. */
    record Standby(Process process, String url, String clusterPort) {
    }

    private int run() throws Exception {
        Files.createDirectories(outputs);
        Files.createDirectories(logs);
        progress("bench: runs=%d heap=%s text=%s sort=%s big=%s cluster=%s straggler=%s takeover=%s seed=%d (rss via %s)",
                settings.runs, settings.heap, settings.textSizes, settings.sortSizes, settings.bigSize,
                settings.cluster, settings.straggler ? settings.stragglerSize : "off",
                settings.takeover ? settings.takeoverSize : "off", settings.seed,
                haveTime ? "/usr/bin/time" : "/proc VmHWM polling");
        probeGristmill();

        Map<String, Row> yardsticks = new LinkedHashMap<>();
        Map<String, Path> references = new HashMap<>();
        Map<String, Path> texts = new LinkedHashMap<>();
        for (String size : settings.textSizes) {
            Path text = Generate.cached(data, "text", size, settings.seed);
            texts.put(size, text);
            Path reference = outputs.resolve("yardstick-" + text.getFileName());
            references.put(size, reference);
            yardsticks.put(size, wordCountLocal(size, text, reference));
        }
        for (String size : settings.sortSizes) {
            sortLocal(size, Generate.cached(data, "sort", size, settings.seed));
        }
        Compressed compressed = Compressed.fromEnvironment(this);
        if (compressed != null) {
            compressed.run(texts, references);
        }
        S3Rows s3 = S3Rows.fromEnvironment(this);
        if (s3 != null) {
            s3.run(texts, references);
        }
        ManyFiles manyFiles = ManyFiles.fromEnvironment(this, data, outputs);
        if (manyFiles != null) {
            manyFiles.runLocal();
        }
        if (settings.cluster) {
            cluster(texts, references, yardsticks, manyFiles);
        }
        if (settings.cluster && settings.straggler) {
            straggler(texts, references);
        }
        if (settings.cluster && settings.takeover) {
            new Takeover(this).run(texts, references);
        }
        if (settings.bigSize != null) {
            bigWordCount(settings.bigSize, Generate.cached(data, "text", settings.bigSize, settings.seed));
        }
        String table = table();
        System.out.print(table);
        Path results = target.resolve("results-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")) + ".txt");
        Files.writeString(results, table);
        progress("table saved to %s", results);
        return (int) rows.stream().filter(r -> !r.ok() && !r.check.startsWith("n/a")).count();
    }

    // ---------------------------------------------------------------- cases

    private Row wordCountLocal(String size, Path text, Path reference) throws Exception {
        Row yard = addRow("yardstick word count (2 threads)", "text " + size, text);
        Row local = addRow("gristmill local word count", "text " + size, text);
        warm(text);
        for (int run = 1; run <= settings.runs; run++) {
            Path out = run == 1 ? reference : outputs.resolve("yardstick-run.txt");
            Files.deleteIfExists(out);
            Measurement m = measure("yardstick-" + size + "-" + run, javaCommand(settings.heap, "Yardstick",
                    text.toString(), out.toString()), Map.of());
            record(yard, m);
            if (m.exit == 0 && run > 1 && Files.mismatch(reference, out) != -1) {
                yard.fail("run " + run + " differs from run 1");
            }
            if (m.exit == 0 && run == 1 && Files.size(text) <= settings.naiveLimit) {
                progress("  cross-checking the yardstick against a naive word count");
                String problem = Check.naive(text, reference);
                if (problem != null) {
                    yard.fail(problem);
                }
            }
            if (!local.ok()) {
                continue;
            }
            Path dir = freshOutput("local-wordcount");
            m = measure("local-wordcount-" + size + "-" + run, gristmill("local", "--job", "wordcount", "--input",
                    text.toString(), "--output", dir.toString()), gristmillEnv(settings.heap));
            record(local, m);
            if (m.exit == 0 && yard.ok()) {
                String problem = Check.wordCount(reference, dir);
                if (problem != null) {
                    local.fail(problem);
                }
            }
            deleteTree(dir);
        }
        local.baseline = yard.median();
        yard.baseline = yard.median();
        return yard;
    }

    private void sortLocal(String size, Path records) throws Exception {
        Row hand = addRow("hand-written sort", "records " + size, records);
        Row sort = addRow("gristmill local sort (" + settings.sortReducers + " reducers)", "records " + size, records);
        warm(records);
        for (int run = 1; run <= settings.runs; run++) {
            Path out = outputs.resolve("handsort.txt");
            Files.deleteIfExists(out);
            Measurement m = measure("handsort-" + size + "-" + run, javaCommand(settings.heap, "HandSort",
                    records.toString(), out.toString()), Map.of());
            record(hand, m);
            if (m.exit == 0) {
                String problem = Check.sort(records, out);
                if (problem != null) {
                    hand.fail(problem);
                }
            }
            Files.deleteIfExists(out);
            if (!sort.ok()) {
                continue;
            }
            Path dir = freshOutput("local-sort");
            m = measure("local-sort-" + size + "-" + run, gristmill("local", "--job", "sort", "--input",
                    records.toString(), "--output", dir.toString(), "--reducers",
                    Integer.toString(settings.sortReducers)), gristmillEnv(settings.heap));
            record(sort, m);
            if (m.exit == 0) {
                String problem = Check.sort(records, dir);
                if (problem != null) {
                    sort.fail(problem);
                }
            }
            deleteTree(dir);
        }
        hand.baseline = hand.median();
        sort.baseline = hand.median();
    }

    private void bigWordCount(String size, Path text) throws Exception {
        Row yard = addRow("yardstick word count (2 threads)", "text " + size, text);
        Row local = addRow("gristmill local word count -Xmx" + settings.bigHeap, "text " + size, text);
        local.notes = "bounded-memory check, 1 run";
        yard.notes = "1 run";
        warm(text);
        Path reference = outputs.resolve("yardstick-" + text.getFileName());
        Files.deleteIfExists(reference);
        Measurement m = measure("yardstick-" + size, javaCommand(settings.heap, "Yardstick", text.toString(),
                reference.toString()), Map.of());
        record(yard, m);
        yard.baseline = yard.median();
        if (!local.ok()) {
            return;
        }
        Path dir = freshOutput("local-wordcount-big");
        m = measure("local-wordcount-" + size, gristmill("local", "--job", "wordcount", "--input", text.toString(),
                "--output", dir.toString()), gristmillEnv(settings.bigHeap));
        record(local, m);
        if (m.exit == 0 && yard.ok()) {
            String problem = Check.wordCount(reference, dir);
            if (problem != null) {
                local.fail(problem);
            }
        }
        deleteTree(dir);
        local.baseline = yard.median();
    }

    // ---------------------------------------------------------------- cluster

    /**
     * A coordinator and worker processes, started once and reused by the rows that need them: the cluster rows share
     * one of two workers, the straggler row has its own of three, the takeover row its own of two with standby
     * coordinators. {@code prefix} starts the names of its logs ({@code PREFIXcoordinator.log},
     * {@code PREFIXworker-N.log}, {@code PREFIXstandby-N.log}) and of its folder under {@code out/}.
     */
    final class Cluster implements AutoCloseable {
        /** The live processes: coordinators (active and standby) and workers. */
        final List<Process> processes = new ArrayList<>();
        private final List<Process> workerProcesses = new ArrayList<>();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final Path jar;
        final String prefix;
        final int workers;
        final Map<String, String> coordinatorEnv;
        /** More environment for every process of the cluster (coordinators and workers). */
        private final Map<String, String> processEnv;
        /** The active coordinator's REST URL. */
        String base;
        /** The id of the job {@link #runJob} submitted last. */
        String lastJobId;
        /** The active coordinator's process and its cluster port (which standbys join). */
        Process coordinator;
        String coordinatorClusterPort;
        private String name;
        private Path dir;
        private int standbys;

        Cluster(Path jar) {
            this(jar, "", 2, Map.of());
        }

        /** {@code coordinatorEnv}: more environment for the coordinator's process. */
        Cluster(Path jar, String prefix, int workers, Map<String, String> coordinatorEnv) {
            this(jar, prefix, workers, coordinatorEnv, Map.of());
        }

        /** {@code processEnv}: more environment for every process (e.g. the S3 endpoint and credentials). */
        Cluster(Path jar, String prefix, int workers, Map<String, String> coordinatorEnv,
                Map<String, String> processEnv) {
            this.jar = jar;
            this.prefix = prefix;
            this.workers = workers;
            this.coordinatorEnv = coordinatorEnv;
            this.processEnv = processEnv;
        }

        /** The process of worker {@code n} (from 1). */
        Process worker(int n) {
            return workerProcesses.get(n - 1);
        }

        Path coordinatorLog() {
            return logs.resolve(prefix + "coordinator.log");
        }

        void start() throws Exception {
            name = "bench-" + prefix + ProcessHandle.current().pid();
            dir = freshOutput(prefix + "cluster");
            Files.createDirectories(dir);
            Path coordinatorPorts = dir.resolve("coordinator.ports");
            coordinator = launch(prefix + "coordinator", coordinatorCommand(coordinatorPorts), coordinatorEnv);
            processes.add(coordinator);
            Map<String, String> ports = awaitPortFile(coordinatorPorts, List.of("http", "cluster"));
            base = "http://127.0.0.1:" + ports.get("http");
            coordinatorClusterPort = ports.get("cluster");
            for (int w = 1; w <= workers; w++) {
                Path workerPorts = dir.resolve("worker-" + w + ".ports");
                Process worker = launch(prefix + "worker-" + w, gristmill("worker", "--join", "127.0.0.1:"
                        + ports.get("cluster"), "--cluster-name", name, "--slots", Integer.toString(settings.slots),
                        "--work-dir", dir.resolve("work-" + w).toString(), "--port-file", workerPorts.toString()),
                        Map.of());
                processes.add(worker);
                workerProcesses.add(worker);
                awaitPortFile(workerPorts, List.of());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                String body = get("/api/v1/workers");
                Matcher alive = ALIVE.matcher(body == null ? "" : body);
                int count = 0;
                while (alive.find()) {
                    count++;
                }
                if (count >= workers) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the " + workers + " workers did not register within 120 s; last "
                            + "/api/v1/workers: " + body);
                }
                Thread.sleep(200);
            }
            progress("  cluster up: coordinator %s, %d workers with %d slot(s) each", base, workers, settings.slots);
        }

        /** {@code gristmill coordinator} on the cluster's state dir, with {@code more} arguments. */
        private List<String> coordinatorCommand(Path portFile, String... more) {
            List<String> command = gristmill("coordinator", "--http-port", "0", "--cluster-port", "0",
                    "--cluster-name", name, "--state-dir", dir.resolve("state").toString(), "--port-file",
                    portFile.toString());
            command.addAll(List.of(more));
            return command;
        }

        /**
         * Starts another coordinator on the same state dir that joins the cluster through the active one and stands
         * by (log {@code PREFIXstandby-N.log}); returns once it listens, answering 503 and the active one's URL.
         */
        Standby startStandby() throws Exception {
            int n = ++standbys;
            Path ports = dir.resolve("standby-" + n + ".ports");
            Process process = launch(prefix + "standby-" + n, coordinatorCommand(ports, "--join", "127.0.0.1:"
                    + coordinatorClusterPort), coordinatorEnv);
            processes.add(process);
            Map<String, String> bound = awaitPortFile(ports, List.of("http", "cluster", "standby"));
            return new Standby(process, "http://127.0.0.1:" + bound.get("http"), bound.get("cluster"));
        }

        /**
         * Kills the active coordinator with SIGKILL ({@code kill -9}) and waits for it to be gone; returns the time
         * just before the signal, in milliseconds since the epoch (the clock of the coordinators' timestamps).
         */
        long killCoordinator() throws Exception {
            Process active = coordinator;
            long at = System.currentTimeMillis();
            active.destroyForcibly(); // SIGKILL; bin/gristmill execs the JVM, so this is the coordinator itself
            if (!active.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("the coordinator (pid " + active.pid() + ") did not die of SIGKILL in 30 s");
            }
            processes.remove(active);
            return at;
        }

        /** From now on the active coordinator is {@code standby}, which took over (on the REST port it stood by on). */
        void takenOverBy(Standby standby) {
            coordinator = standby.process();
            base = standby.url();
            coordinatorClusterPort = standby.clusterPort();
        }

        private Process launch(String name, List<String> command, Map<String, String> env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile());
            builder.environment().putAll(gristmillEnv(settings.heap));
            builder.environment().putAll(processEnv);
            builder.environment().putAll(env);
            Process process = builder.start();
            synchronized (started) {
                started.add(process);
            }
            return process;
        }

        private Map<String, String> awaitPortFile(Path file, List<String> keys) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IOException("a cluster process exited with " + p.exitValue() + " (logs in " + logs
                                + ")");
                    }
                }
                if (Files.exists(file)) {
                    Map<String, String> values = new HashMap<>();
                    for (String line : Files.readAllLines(file)) {
                        int eq = line.indexOf('=');
                        if (eq > 0) {
                            values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                        }
                    }
                    if (values.keySet().containsAll(keys)) {
                        return values;
                    }
                }
                Thread.sleep(50);
            }
            throw new IOException("no port file " + file + " after 180 s");
        }

        String get(String path) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? response.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        double runJob(String jobClass, List<String> input, Path output, Integer reducers, Map<String, String> params)
                throws Exception {
            return runJob(jobClass, input, output, reducers, params, "");
        }

        /**
         * Submits a job through REST and waits for {@code output/_SUCCESS}: the seconds from just before the POST
         * until the file exists. {@code moreSpec}: further spec fields as JSON members ({@code "a":1,"b":true}),
         * or empty.
         */
        double runJob(String jobClass, List<String> input, Path output, Integer reducers, Map<String, String> params,
                      String moreSpec) throws Exception {
            return awaitSuccess(submit(jobClass, input, output, reducers, params, moreSpec), output);
        }

        /**
         * Submits a job through REST ({@link #lastJobId} is then its id); {@code moreSpec}: further spec fields as
         * JSON members ({@code "a":1,"b":true}), or empty.
         */
        Submitted submit(String jobClass, List<String> input, Path output, Integer reducers, Map<String, String> params,
                         String moreSpec) throws Exception {
            return submit(jobClass, input, output.toString(), reducers, params, moreSpec);
        }

        /** {@link #submit(String, List, Path, Integer, Map, String)} to an output given as text (an s3:// prefix). */
        Submitted submit(String jobClass, List<String> input, String output, Integer reducers,
                         Map<String, String> params, String moreSpec) throws Exception {
            StringBuilder spec = new StringBuilder("{\"jobClass\":").append(json(jobClass)).append(",\"input\":[");
            for (int i = 0; i < input.size(); i++) {
                spec.append(i == 0 ? "" : ",").append(json(input.get(i)));
            }
            spec.append("],\"output\":").append(json(output));
            if (reducers != null) {
                spec.append(",\"reducers\":").append(reducers);
            }
            if (!params.isEmpty()) {
                spec.append(",\"params\":{");
                int i = 0;
                for (Map.Entry<String, String> e : params.entrySet()) {
                    spec.append(i++ == 0 ? "" : ",").append(json(e.getKey())).append(':').append(json(e.getValue()));
                }
                spec.append('}');
            }
            if (!moreSpec.isEmpty()) {
                spec.append(',').append(moreSpec);
            }
            spec.append('}');
            String boundary = "----gristmill-bench-" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jar\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + spec + "\r\n--" + boundary + "--\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw new IOException("submit answered " + response.statusCode() + ": " + response.body());
            }
            Matcher id = ID.matcher(response.body());
            if (!id.find()) {
                throw new IOException("no job id in the submit answer: " + response.body());
            }
            lastJobId = id.group(1);
            return new Submitted(lastJobId, start);
        }

        /**
         * Waits for {@code output/_SUCCESS} of a submitted job: the seconds from just before its POST until the file
         * exists. Asks the active coordinator ({@link #base}, read at every look) whether the job failed.
         */
        double awaitSuccess(Submitted job, Path output) throws Exception {
            Path success = output.resolve("_SUCCESS");
            long start = job.startNanos();
            long deadline = start + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds);
            long nextStateCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
            while (true) {
                if (Files.exists(success)) {
                    return (System.nanoTime() - start) / 1e9;
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IOException("job " + job.id() + " not done after " + settings.timeoutSeconds + " s ("
                            + progressOf(get("/api/v1/jobs/" + job.id())) + ")");
                }
                if (now > nextStateCheck) {
                    String status = get("/api/v1/jobs/" + job.id());
                    Matcher state = STATE.matcher(status == null ? "" : status);
                    if (state.find() && (state.group(1).equals("FAILED") || state.group(1).equals("KILLED"))) {
                        throw new IOException("job " + job.id() + " " + state.group(1) + ": "
                                + abbreviate(status, 300));
                    }
                    nextStateCheck = now + TimeUnit.MILLISECONDS.toNanos(250);
                }
                Thread.sleep(2);
            }
        }

        /**
         * Waits until the coordinator reports a submitted job SUCCEEDED (polled every 10 ms): the seconds from just
         * before its POST. For outputs the bench cannot watch as a file (an s3:// prefix), and for what it is
         * compared with.
         */
        double awaitSucceeded(Submitted job) throws Exception {
            long deadline = job.startNanos() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds);
            while (true) {
                String status = get("/api/v1/jobs/" + job.id());
                Matcher state = STATE.matcher(status == null ? "" : status);
                if (state.find()) {
                    switch (state.group(1)) {
                        case "SUCCEEDED" -> {
                            return (System.nanoTime() - job.startNanos()) / 1e9;
                        }
                        case "FAILED", "KILLED" -> throw new IOException("job " + job.id() + " " + state.group(1)
                                + ": " + abbreviate(status, 300));
                        default -> { }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("job " + job.id() + " not done after " + settings.timeoutSeconds + " s");
                }
                Thread.sleep(10);
            }
        }

        /** A job's task counts from its status, {@code maps 123/1000, reduces 0/100}, for a job that timed out. */
        private static String progressOf(String status) {
            if (status == null) {
                return "no status";
            }
            List<String> phases = new ArrayList<>();
            for (String phase : List.of("maps", "reduces")) {
                Matcher counts = Pattern.compile("\"" + phase + "\"\\s*:\\s*\\{([^}]*)}").matcher(status);
                if (counts.find()) {
                    Matcher total = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(counts.group(1));
                    Matcher done = Pattern.compile("\"succeeded\"\\s*:\\s*(\\d+)").matcher(counts.group(1));
                    phases.add(phase + " " + (done.find() ? done.group(1) : "?") + "/" + (total.find() ? total.group(1)
                            : "?"));
                }
            }
            return phases.isEmpty() ? abbreviate(status, 200) : String.join(", ", phases) + " succeeded";
        }

        /** Sum of the peak resident sets (VmHWM) of the cluster's processes so far, KiB. */
        long peakKib() {
            long sum = 0;
            for (Process p : processes) {
                sum += vmHwm(p.pid());
            }
            return sum;
        }

        @Override
        public void close() {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                try {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A cluster of its own for a row in another class (see {@link Cluster}); started by {@link Cluster#start}. */
    Cluster newCluster(Path jar, String prefix, int workers, Map<String, String> coordinatorEnv) {
        return new Cluster(jar, prefix, workers, coordinatorEnv);
    }

    /** {@link #newCluster(Path, String, int, Map)} with more environment for every process. */
    Cluster newCluster(Path jar, String prefix, int workers, Map<String, String> coordinatorEnv,
                       Map<String, String> processEnv) {
        return new Cluster(jar, prefix, workers, coordinatorEnv, processEnv);
    }

    /** The cluster rows; {@code manyFiles}: the many-files rows to run on the same cluster, or null. */
    private void cluster(Map<String, Path> texts, Map<String, Path> references, Map<String, Row> yardsticks,
                         ManyFiles manyFiles) throws Exception {
        Row tiny = new Row("cluster: tiny job latency (1 KiB word count)", "text 1k");
        Row scheduling = new Row("cluster: scheduling, map-only no-op tasks", settings.tasks + " files");
        List<Row> wordCounts = new ArrayList<>();
        for (String size : texts.keySet()) {
            Row row = new Row("cluster word count (coord + 2 workers)", "text " + size);
            row.inputBytes = Files.size(texts.get(size));
            row.baseline = yardsticks.get(size).median();
            wordCounts.add(row);
        }
        List<Row> all = new ArrayList<>(wordCounts);
        if (manyFiles != null) {
            all.addAll(0, manyFiles.clusterRows()); // beside the scheduling row, the same kind of tasks at scale
        }
        all.add(0, scheduling);
        all.add(0, tiny);
        tiny.rateInNotes = true;
        scheduling.rateInNotes = true;
        Path jar = sampleJobsJar();
        String unavailable = clusterRowUnavailable(jar);
        if (unavailable != null) {
            for (Row row : all) {
                row.check = unavailable;
                rows.add(row);
            }
            return;
        }
        rows.addAll(all);
        progress("cluster: starting a coordinator and 2 workers");
        try (Cluster cluster = new Cluster(jar)) {
            try {
                cluster.start();
            } catch (Exception e) {
                for (Row row : all) {
                    row.fail("cluster did not start: " + abbreviate(e.getMessage(), 200));
                }
                return;
            }
            Path tinyInput = outputs.resolve("tiny-input.txt");
            // The tiny job's lines come from the first word count text, or a small one of its own when no size is chosen.
            Path tinySource = texts.isEmpty() ? Generate.cached(data, "text", "1m", settings.seed)
                    : texts.values().iterator().next();
            try (Stream<String> lines = Files.lines(tinySource)) {
                StringBuilder sb = new StringBuilder();
                lines.takeWhile(l -> sb.length() + l.length() + 1 <= 1024).forEach(l -> sb.append(l).append('\n'));
                Files.writeString(tinyInput, sb);
            }
            Path tinyReference = outputs.resolve("yardstick-tiny.txt");
            Yardstick.write(Yardstick.count(tinyInput, 2), tinyReference);
            tiny.inputBytes = Files.size(tinyInput);
            // Warm-up: the first jobs load classes and JIT-compile on every process; they are not timed.
            for (int i = 0; i < 3; i++) {
                Path dir = freshOutput("cluster-warmup");
                try {
                    cluster.runJob("io.gristmill.samples.WordCount", List.of(tinyInput.toString()), dir, null,
                            Map.of());
                } catch (Exception e) {
                    progress("  warm-up job failed: %s", e.getMessage());
                }
                deleteTree(dir);
            }
            for (int run = 1; run <= settings.tinyRuns; run++) {
                clusterRun(cluster, tiny, "io.gristmill.samples.WordCount", List.of(tinyInput.toString()), null,
                        Map.of(), dir -> Check.wordCount(tinyReference, dir));
            }
            tiny.peakKib = cluster.peakKib();
            tiny.notes = "submit -> _SUCCESS";

            Path taskFiles = outputs.resolve("noop-inputs-" + settings.tasks);
            if (!Files.isDirectory(taskFiles)) {
                Path tmp = outputs.resolve("noop-inputs.tmp");
                deleteTree(tmp);
                Files.createDirectories(tmp);
                for (int i = 0; i < settings.tasks; i++) {
                    Files.writeString(tmp.resolve(String.format(Locale.ROOT, "in-%05d.txt", i)), "line " + i + "\n");
                }
                Files.move(tmp, taskFiles);
            }
            // Untimed runs first, like a benchmark harness's warm-up iterations: the row is about the rate a warm cluster
            // sustains. Until then every process is still JIT-compiling its per-task code (event bus, JSON, file
            // commit, the job's setup): a method run once per task reaches C2's thresholds only after some 5,000-15,000
            // tasks on a worker, so C2 still took half of a worker's CPU in the 8th job of a fresh cluster, and the
            // rate kept rising until about the 20th. Warm-up is therefore at least 5 runs and 20 s (JMH's default is
            // 5 iterations of 10 s); the notes give the first run's rate, so the cold figure stays visible.
            // Every scheduling output is kept until the row ends: on this machine's ext4 (no journal), creating a file
            // within seconds of deleting thousands near it makes the kernel walk the recently deleted inodes
            // (find_inode_bit -> recently_deleted), about 0.3 ms per file, which charged the harness's clean-up of
            // one run's 2,000 part files to the next run's tasks.
            List<Path> schedulingOutputs = new ArrayList<>();
            double firstWarmUpRate = Double.NaN;
            long warmUpEnd = System.nanoTime()
                    + (long) ((settings.quick ? 0.1 : 1) * SCHEDULING_WARM_UP_SECONDS * 1e9);
            int warmUps = 0;
            for (int warmUp = 1; warmUp <= SCHEDULING_MIN_WARM_UPS || System.nanoTime() < warmUpEnd; warmUp++) {
                warmUps = warmUp;
                Path warmDir = freshOutput("cluster-scheduling-warmup-" + warmUp);
                schedulingOutputs.add(warmDir);
                try {
                    double seconds = cluster.runJob("io.gristmill.samples.Grep", List.of(taskFiles.toString()), warmDir,
                            0, Map.of("pattern", "(?!)"));
                    progress("  scheduling warm-up %d: %.0f tasks/s", warmUp, settings.tasks / seconds);
                    if (warmUp == 1) {
                        firstWarmUpRate = settings.tasks / seconds;
                    }
                } catch (Exception e) {
                    progress("  scheduling warm-up failed: %s", e.getMessage());
                    break; // the timed runs will fail the row with the same problem
                }
            }
            for (int run = 1; run <= settings.runs; run++) {
                Path dir = freshOutput("cluster-scheduling-" + run);
                schedulingOutputs.add(dir);
                clusterRun(cluster, scheduling, "io.gristmill.samples.Grep", List.of(taskFiles.toString()), 0,
                        Map.of("pattern", "(?!)"), dir, false,
                        out -> Files.exists(out.resolve("_SUCCESS")) ? null : "no _SUCCESS");
            }
            for (Path dir : schedulingOutputs) {
                deleteTree(dir);
            }
            scheduling.peakKib = cluster.peakKib();
            scheduling.notes = String.format(Locale.ROOT, "%.0f tasks/s (Grep, 0 reducers, %d slots, after %d warm-up runs; the first: %.0f tasks/s)",
                    settings.tasks / scheduling.median(), 2 * settings.slots, warmUps, firstWarmUpRate);

            if (manyFiles != null) {
                manyFiles.runOnCluster(cluster);
            }

            int i = 0;
            for (String size : texts.keySet()) {
                Row row = wordCounts.get(i++);
                Path text = texts.get(size);
                Path reference = references.get(size);
                warm(text);
                for (int run = 1; run <= settings.runs; run++) {
                    clusterRun(cluster, row, "io.gristmill.samples.WordCount", List.of(text.toString()), null,
                            Map.of(), dir -> Check.wordCount(reference, dir));
                }
                row.peakKib = cluster.peakKib();
                row.notes = "submit -> _SUCCESS";
            }
        }
        for (Row row : all) {
            row.peakNote = "sum of 3";
        }
    }

    // ---------------------------------------------------------------- straggler

    /**
     * The straggler row: word count on a cluster of its own (a coordinator and {@value #STRAGGLER_WORKERS} workers),
     * once with no straggler, once with one worker slowed down for real and {@code speculation} on, once with it
     * off; the three cases interleaved run by run. The slowed worker is the last one, stopped and continued by a
     * {@link DutyCycle} from just before the job is submitted until its {@code _SUCCESS} exists.
     */
    private void straggler(Map<String, Path> texts, Map<String, Path> references) throws Exception {
        String size = settings.stragglerSize;
        String input = "text " + size;
        Row none = new Row(STRAGGLER_NONE, input);
        Row on = new Row(STRAGGLER_ON, input);
        Row off = new Row(STRAGGLER_OFF, input);
        List<Row> all = List.of(none, on, off);
        rows.addAll(all);
        Path jar = sampleJobsJar();
        String unavailable = clusterRowUnavailable(jar);
        if (unavailable != null) {
            all.forEach(row -> row.check = unavailable);
            return;
        }
        TextInput textInput = textInput("straggler", size, texts, references);
        Path text = textInput.text();
        Path expected = textInput.reference();
        long bytes = Files.size(text);
        int slots = STRAGGLER_WORKERS * settings.slots;
        long splitSize = Math.max(MIN_SPLIT_SIZE, ceilDiv(bytes, (long) STRAGGLER_MAPS_PER_SLOT * slots));
        int reducers = STRAGGLER_REDUCERS_PER_SLOT * slots;
        String spec = "\"splitSize\":" + splitSize + ",\"speculation\":";
        for (Row row : all) {
            row.inputBytes = bytes;
        }
        progress("straggler: starting a coordinator and %d workers (about %d maps of %d KiB, %d reducers)",
                STRAGGLER_WORKERS, ceilDiv(bytes, splitSize), splitSize >> 10, reducers);
        Map<Row, List<String>> jobIds = new HashMap<>();
        // INFO for the coordinator's own loggers: one line per job and per backup ("... is a straggler ...")
        try (Cluster cluster = new Cluster(jar, "straggler-", STRAGGLER_WORKERS, Map.of("GRISTMILL_LOG_LEVEL",
                "INFO"))) {
            try {
                cluster.start();
            } catch (Exception e) {
                all.forEach(row -> row.fail("cluster did not start: " + abbreviate(e.getMessage(), 200)));
                return;
            }
            warm(text);
            String wordCount = "io.gristmill.samples.WordCount";
            List<String> inputs = List.of(text.toString());
            for (int i = 1; i <= (settings.quick ? 1 : STRAGGLER_WARM_UPS); i++) { // untimed: class loading and JIT on every process
                Path warmUp = freshOutput("straggler-warmup");
                try {
                    double seconds = cluster.runJob(wordCount, inputs, warmUp, reducers, Map.of(), spec + true);
                    progress("  straggler warm-up %d: %.3f s", i, seconds);
                } catch (Exception e) {
                    progress("  warm-up job failed: %s", e.getMessage());
                }
                deleteTree(warmUp);
            }
            long slowPid = cluster.worker(STRAGGLER_WORKERS).pid();
            for (int run = 1; run <= settings.runs; run++) {
                for (int c = 0; c < all.size(); c++) {
                    Row row = all.get((c + run - 1) % all.size()); // each case goes first in some run
                    String rowSpec = spec + (row != off);
                    TimedJob job = row == none
                            ? dir -> cluster.runJob(wordCount, inputs, dir, reducers, Map.of(), rowSpec)
                            : dir -> slowedDown(slowPid, () -> cluster.runJob(wordCount, inputs, dir, reducers,
                                    Map.of(), rowSpec));
                    cluster.lastJobId = null;
                    clusterRun(row, freshOutput("straggler-job"), true, job, dir -> Check.wordCount(expected, dir));
                    if (cluster.lastJobId != null) {
                        jobIds.computeIfAbsent(row, r -> new ArrayList<>()).add(cluster.lastJobId);
                    }
                }
            }
            long peak = cluster.peakKib();
            for (Row row : all) {
                row.peakKib = peak;
                row.peakNote = "sum of " + (STRAGGLER_WORKERS + 1);
                row.baseline = none.median();
                row.notes = (row == none ? "" : "x no straggler; ") + "backups launched/won per run: "
                        + backups(cluster, jobIds.getOrDefault(row, List.of()));
            }
            none.notes += String.format(Locale.ROOT, "; %d slots, splitSize %d KiB, %d reducers", slots,
                    splitSize >> 10, reducers);
            long deaths = countLines(cluster.coordinatorLog(), " is dead: ");
            if (deaths > 0) { // the row is about a slow worker, not a lost one
                on.fail("a worker was declared dead " + deaths + " time(s): " + cluster.coordinatorLog());
                off.fail("a worker was declared dead " + deaths + " time(s): " + cluster.coordinatorLog());
            }
        }
    }

    /** A text input of a row and the yardstick's output for it, the reference its outputs are checked against. */
    record TextInput(Path text, Path reference) {
    }

    /**
     * The text of {@code size} for the row {@code row} (a cluster row of its own) and its reference: the word count
     * rows' if {@code size} is one of {@code BENCH_SIZES}, else generated (cached) and counted by the yardstick here.
     */
    TextInput textInput(String row, String size, Map<String, Path> texts, Map<String, Path> references)
            throws Exception {
        Path text = texts.containsKey(size) ? texts.get(size) : Generate.cached(data, "text", size, settings.seed);
        Path reference = references.get(size);
        if (reference == null || !Files.exists(reference)) {
            reference = outputs.resolve("yardstick-" + row + "-" + text.getFileName());
            progress("%s: the yardstick's output for %s, the reference", row, text.getFileName());
            Yardstick.write(Yardstick.count(text, 2), reference);
        }
        return new TextInput(text, reference);
    }

    /** Runs {@code job} while process {@code pid} is slowed down by a duty cycle; the process is left continued. */
    private double slowedDown(long pid, TimedJob.Body job) throws Exception {
        DutyCycle cycle = DutyCycle.start(pid, STRAGGLER_STOPPED_MILLIS, STRAGGLER_RUNNING_MILLIS);
        dutyCycle = cycle;
        double seconds;
        try {
            seconds = job.run();
        } finally {
            cycle.close();
            dutyCycle = null;
        }
        if (cycle.failure() != null) {
            throw new IOException("the duty cycle broke off: " + cycle.failure());
        }
        return seconds;
    }

    /**
     * Backup attempts of each job, {@code launched/won}, from {@code GET /api/v1/jobs/ID/tasks}: an attempt with
     * {@code "backup":true}, and of those the ones that succeeded.
     */
    private static String backups(Cluster cluster, List<String> jobIds) {
        List<String> perJob = new ArrayList<>();
        for (String id : jobIds) {
            String tasks = cluster.get("/api/v1/jobs/" + id + "/tasks");
            if (tasks == null) {
                perJob.add("?");
                continue;
            }
            int launched = 0;
            int won = 0;
            // each attempt's fields run from its "attemptId" to the next one's; its own "state" comes first
            String[] attempts = tasks.split("\"attemptId\"");
            for (int i = 1; i < attempts.length; i++) {
                if (BACKUP.matcher(attempts[i]).find()) {
                    launched++;
                    Matcher state = STATE.matcher(attempts[i]);
                    if (state.find() && state.group(1).equals("SUCCEEDED")) {
                        won++;
                    }
                }
            }
            perJob.add(launched + "/" + won);
        }
        return perJob.isEmpty() ? "-" : String.join(", ", perJob);
    }

    private static long countLines(Path file, String containing) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(containing)).count();
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    interface OutputCheck {
        String check(Path dir) throws IOException;
    }

    /** What is wrong with an output already chosen, or null. */
    interface OutputProblem {
        String find() throws IOException;
    }

    /** Runs one job into {@code dir}; the seconds it took. */
    interface TimedJob {
        double run(Path dir) throws Exception;

        /** The same with the folder already chosen. */
        interface Body {
            double run() throws Exception;
        }
    }

    private void clusterRun(Cluster cluster, Row row, String jobClass, List<String> input, Integer reducers,
                            Map<String, String> params, OutputCheck check) throws Exception {
        clusterRun(cluster, row, jobClass, input, reducers, params, freshOutput("cluster-job"), true, check);
    }

    /** One timed cluster run into {@code dir}, checked; the output is deleted afterwards only if {@code delete}. */
    private void clusterRun(Cluster cluster, Row row, String jobClass, List<String> input, Integer reducers,
                            Map<String, String> params, Path dir, boolean delete, OutputCheck check)
            throws Exception {
        clusterRun(row, dir, delete, out -> cluster.runJob(jobClass, input, out, reducers, params), check);
    }

    void clusterRun(Row row, Path dir, boolean delete, TimedJob job, OutputCheck check) throws Exception {
        if (!row.ok()) {
            return;
        }
        try {
            double seconds = job.run(dir);
            row.seconds.add(seconds);
            progress("  %-45s %-11s %8.3f s", row.name, row.input, seconds);
            String problem = check.check(dir);
            if (problem != null) {
                row.fail(problem);
            }
        } catch (IOException e) {
            row.fail(abbreviate(e.getMessage(), 200));
            progress("  %-45s %-11s FAILED: %s", row.name, row.input, e.getMessage());
        }
        if (delete) {
            deleteTree(dir);
        }
    }

    /** Why a cluster row cannot run ({@code n/a ...}) given the sample jobs' {@code jar}, or null if it can. */
    String clusterRowUnavailable(Path jar) {
        return clusterUnavailable != null ? clusterUnavailable
                : jar == null ? "n/a (no sample-jobs jar in " + repo.resolve("sample-jobs/target") + ")" : null;
    }

    Path sampleJobsJar() throws IOException {
        Path dir = repo.resolve("sample-jobs/target");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("gristmill-sample-jobs") && n.endsWith(".jar") && !n.contains("sources")
                        && !n.contains("tests") && !n.contains("javadoc");
            }).min(Comparator.naturalOrder()).orElse(null);
        }
    }

    // ---------------------------------------------------------------- processes

    /** Checks once which Gristmill commands exist, so that missing ones become "n/a" rows. */
    private void probeGristmill() throws Exception {
        if (launcher == null) {
            localUnavailable = "n/a (Gristmill build failed: bench/target/logs/build.log)";
            clusterUnavailable = localUnavailable;
            return;
        }
        localUnavailable = probe("local") ? null : "n/a (gristmill local not available)";
        clusterUnavailable = probe("coordinator") && probe("worker") ? null
                : "n/a (cluster mode not available)";
    }

    private boolean probe(String command) throws Exception {
        Measurement m = measure("probe-" + command, gristmill(command, "--help"), gristmillEnv("256m"));
        return m.exit == 0;
    }

    private List<String> javaCommand(String heap, String mainClass, String... args) {
        return javaCommand(heap, null, mainClass, args);
    }

    /** A bench class in a JVM of its own; {@code libraries}: a folder of jars for its class path too, or null. */
    List<String> javaCommand(String heap, Path libraries, String mainClass, String... args) {
        String classpath = target.resolve("classes") + (libraries == null ? "" : ":" + libraries.resolve("*"));
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap, "-cp", classpath,
                "io.gristmill.bench." + mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code bench/}, where the bench's sources and helper files are. */
    Path benchDir() {
        return bench;
    }

    /** {@code bench/target/}, where the bench writes. */
    Path targetDir() {
        return target;
    }

    /** Gristmill's dependency jars (zstd-jni, commons-compress, ...), for bench classes that use its codecs. */
    Path libraries() {
        return repo.resolve("cli/target/lib");
    }

    /** Why the {@code gristmill local} rows cannot run ({@code n/a ...}), or null if they can. */
    String localUnavailable() {
        return localUnavailable;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    List<String> gristmill(String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        return command;
    }

    static Map<String, String> gristmillEnv(String heap) {
        String extra = System.getenv().getOrDefault("BENCH_GRISTMILL_OPTS", "");
        return Map.of("GRISTMILL_OPTS", ("-Xmx" + heap + " " + extra).trim());
    }

    /** Runs a process to its end, output to a log file; wall time from start to exit, peak RSS of the process. */
    Measurement measure(String name, List<String> command, Map<String, String> env) throws Exception {
        return measure(name, command, env, settings.timeoutSeconds);
    }

    /** {@link #measure(String, List, Map)}, killing the process after {@code timeoutSeconds}. */
    Measurement measure(String name, List<String> command, Map<String, String> env, long timeoutSeconds)
            throws Exception {
        Path log = logs.resolve(name + ".log");
        Path timeFile = logs.resolve(name + ".time");
        List<String> full = new ArrayList<>();
        if (haveTime) {
            full.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", timeFile.toString()));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        synchronized (started) {
            started.add(process);
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long peak = 0;
        boolean timedOut = false;
        while (!process.waitFor(haveTime ? 200 : 20, TimeUnit.MILLISECONDS)) {
            if (!haveTime) {
                peak = Math.max(peak, vmHwm(process.pid()));
            }
            if (System.nanoTime() > deadline) {
                timedOut = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (started) {
            started.remove(process);
        }
        if (haveTime && Files.exists(timeFile)) {
            List<String> lines = Files.readAllLines(timeFile);
            for (String line : lines) {
                if (line.trim().matches("\\d+")) {
                    peak = Long.parseLong(line.trim());
                }
            }
        }
        return new Measurement(seconds, peak, process.exitValue(), timedOut);
    }

    /**
     * Starts a process that runs in the background of some rows (a server), output to {@code logs/NAME.log}; it is
     * stopped with the bench if its row does not stop it first.
     */
    Process startBackground(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        synchronized (started) {
            started.add(process);
        }
        return process;
    }

    void record(Row row, Measurement m) {
        String tail = m.exit == 0 ? "" : m.timedOut ? "  TIMED OUT" : "  EXIT " + m.exit;
        progress("  %-45s %-11s %8.3f s %8d MiB%s", row.name, row.input, m.seconds, m.peakKib / 1024, tail);
        if (m.exit != 0) {
            row.fail((m.timedOut ? "timed out" : "exit " + m.exit) + ", logs in " + logs);
            return;
        }
        row.seconds.add(m.seconds);
        row.peakKib = Math.max(row.peakKib, m.peakKib);
    }

    static long vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private void stopStarted() {
        DutyCycle cycle = dutyCycle;
        if (cycle != null) {
            cycle.close();
        }
        List<Process> copy;
        synchronized (started) {
            copy = new ArrayList<>(started);
        }
        for (Process p : copy) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    Row addRow(String name, String input, Path file) throws IOException {
        Row row = new Row(name, input);
        row.inputBytes = Files.size(file);
        if (name.startsWith("gristmill") && localUnavailable != null) {
            row.check = localUnavailable;
        }
        rows.add(row);
        return row;
    }

    /** Reads a file once so that every case finds it in the page cache. */
    static void warm(Path file) throws IOException {
        byte[] buffer = new byte[8 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buffer) >= 0) {
                // discard
            }
        }
    }

    Path freshOutput(String name) throws IOException {
        Path dir = outputs.resolve(name);
        deleteTree(dir);
        return dir;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }

    static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    private String table() {
        String[] header = {"case", "input", "runs", "median s", "MB/s", "peak RSS MiB", "x yardstick", "check",
            "notes"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (Row r : rows) {
            double median = r.median();
            boolean timed = !Double.isNaN(median);
            String rate = !timed || r.rateInNotes ? "-" : String.format(Locale.ROOT, "%.1f",
                    r.inputBytes / 1e6 / median);
            String peak = r.peakKib == 0 ? "-" : (r.peakKib / 1024) + (r.peakNote.isEmpty() ? "" : " (" + r.peakNote
                    + ")");
            String ratio = !timed || r.baseline == null || r.baseline.isNaN() ? "-"
                    : String.format(Locale.ROOT, "%.2f", median / r.baseline);
            lines.add(new String[] {r.name, r.input, Integer.toString(r.seconds.size()),
                timed ? String.format(Locale.ROOT, "%.3f", median) : "-", rate, peak, ratio, r.check, r.notes});
        }
        int[] widths = new int[header.length];
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nGristmill benchmark  %s  cores=%d  heap=%s  runs=%d  seed=%d%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(), settings.heap, settings.runs, settings.seed));
        for (int l = 0; l < lines.size(); l++) {
            String[] line = lines.get(l);
            sb.append('|');
            for (int c = 0; c < line.length; c++) {
                boolean numeric = c >= 2 && c <= 6;
                String cell = numeric ? pad(line[c], widths[c], true) : pad(line[c], widths[c], false);
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
            if (l == 0) {
                sb.append('|');
                for (int width : widths) {
                    sb.append("-".repeat(width + 2)).append('|');
                }
                sb.append('\n');
            }
        }
        sb.append(targets());
        return sb.toString();
    }

    private String targets() {
        StringBuilder sb = new StringBuilder("\nTargets:" + (settings.quick
                ? " (quick run: inputs far below the targets' sizes, so JVM and cluster start-up dominate)" : "")
                + "\n");
        Row stragglerBaseline = rows.stream().filter(r -> r.name.equals(STRAGGLER_NONE)).findFirst().orElse(null);
        for (Row r : rows) {
            double median = r.median();
            boolean timed = !Double.isNaN(median) && r.baseline != null && !r.baseline.isNaN();
            String verdict = null;
            if (r.name.startsWith("gristmill local word count -Xmx")) {
                verdict = String.format(Locale.ROOT, "  %s %s: succeeds with bounded memory: %s (peak RSS %d MiB)",
                        r.name, r.input, r.ok() && !r.seconds.isEmpty() ? "PASS" : "FAIL", r.peakKib / 1024);
            } else if (r.name.startsWith("gristmill local word count") && timed) {
                verdict = String.format(Locale.ROOT, "  word count %s local <= 2.0x yardstick: %.2fx %s", r.input,
                        median / r.baseline, r.ok() && median / r.baseline <= 2.0 ? "PASS" : "FAIL");
            } else if (r.name.startsWith("gristmill local sort") && timed) {
                verdict = String.format(Locale.ROOT, "  sort %s <= 3.0x hand-written sort: %.2fx %s", r.input,
                        median / r.baseline, r.ok() && median / r.baseline <= 3.0 ? "PASS" : "FAIL");
            } else if (r.name.startsWith("cluster word count") && timed && r.input.endsWith("1g")) {
                verdict = String.format(Locale.ROOT, "  cluster word count %s <= 2.5x yardstick: %.2fx %s", r.input,
                        median / r.baseline, r.ok() && median / r.baseline <= 2.5 ? "PASS" : "FAIL");
            } else if (r.name.startsWith("cluster: scheduling") && !Double.isNaN(median)) {
                double rate = settings.tasks / median;
                verdict = String.format(Locale.ROOT, "  scheduling >= 2000 tasks/s: %.0f tasks/s %s", rate,
                        r.ok() && rate >= 2000 ? "PASS" : "FAIL");
            } else if (r.name.startsWith("cluster: tiny job") && !Double.isNaN(median)) {
                verdict = String.format(Locale.ROOT, "  tiny job submit -> _SUCCESS <= 200 ms: %.0f ms %s",
                        median * 1000, r.ok() && median <= 0.2 ? "PASS" : "FAIL");
            } else if (r.name.equals(STRAGGLER_ON)) {
                String problem = !r.ok() ? r.check
                        : !stragglerBaseline.ok() ? "no straggler: " + stragglerBaseline.check : null;
                verdict = "  straggler with speculation <= 1.3x no straggler: " + (!timed ? "-"
                        : String.format(Locale.ROOT, "%.2fx", median / r.baseline)) + " "
                        + (problem == null && timed && median / r.baseline <= 1.3 ? "PASS" : "FAIL")
                        + (problem == null ? "" : " (" + problem + ")");
            } else if (r.name.startsWith("gristmill") && !r.ok()) {
                verdict = "  " + r.name + " " + r.input + ": " + r.check;
            }
            if (verdict != null) {
                sb.append(verdict).append('\n');
            }
            for (String line : r.verdicts) {
                sb.append("  ").append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}

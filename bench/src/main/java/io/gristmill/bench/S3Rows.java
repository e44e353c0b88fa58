package io.gristmill.bench;

import io.gristmill.bench.Runner.Measurement;
import io.gristmill.bench.Runner.Row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.gristmill.bench.Runner.progress;

/**
 * The s3:// rows (issue 15): the word count of one generated text with {@code gristmill local}, reading it from an
 * {@code s3://} object and writing its output to an {@code s3://} prefix, against the same command on the file
 * system; the two interleaved run by run, the ratio in the same run. The S3 server is a real s3proxy process on
 * 127.0.0.1 ({@link S3ProxyProcess}, filesystem backend), which shares the machine's cores with Gristmill as a
 * local MinIO would. The text is uploaded once per bench run (not timed). Every output is checked against the
 * yardstick's word count of the text: the S3 one is listed (only {@code _SUCCESS} and {@code part-*} may be left,
 * and no upload pending) and downloaded through the S3 API, then deleted there.
 *
 * <p>Settings, read here because only these rows use them: {@code BENCH_S3=0} skips the rows, {@code BENCH_S3_SIZE}
 * is the text size (default 256m; quick: 32m).
 */
final class S3Rows {
    static final String FILES = "s3: gristmill local word count, file system";
    static final String S3 = "s3: gristmill local word count, s3:// in and out";
    static final String CLUSTER_FILES = "s3: cluster word count (coord + 2 workers), file system";
    static final String CLUSTER_S3 = "s3: cluster word count (coord + 2 workers), s3:// in and out";
    private static final String BUCKET = "bench";
    private static final String WORD_COUNT = "io.gristmill.samples.WordCount";

    private final Runner runner;
    private final Runner.Settings settings;
    private final String size;
    private final boolean cluster;

    private S3Rows(Runner runner, String size, boolean cluster) {
        this.runner = runner;
        this.settings = runner.settings;
        this.size = size;
        this.cluster = cluster;
    }

    /** The rows as the environment asks, or null when {@code BENCH_S3=0} skips them. */
    static S3Rows fromEnvironment(Runner runner) {
        Map<String, String> env = System.getenv();
        if ("0".equals(env.get("BENCH_S3"))) {
            return null;
        }
        return new S3Rows(runner, env.getOrDefault("BENCH_S3_SIZE", runner.settings.quick() ? "32m" : "256m"),
                !"0".equals(env.get("BENCH_S3_CLUSTER")));
    }

    void run(Map<String, Path> texts, Map<String, Path> references) throws Exception {
        Runner.TextInput textInput = runner.textInput("s3", size, texts, references);
        Path text = textInput.text();
        String input = "text " + size;
        Row files = runner.addRow(FILES, input, text);
        Row s3 = runner.addRow(S3, input, text);
        if (runner.localUnavailable() != null) {
            files.check = runner.localUnavailable();
            s3.check = runner.localUnavailable();
            return;
        }
        progress("s3: starting s3proxy (filesystem backend) on 127.0.0.1");
        try (S3ProxyProcess server = S3ProxyProcess.start(runner, runner.benchDir(), runner.targetDir(),
                runner.targetDir().resolve("s3proxy"))) {
            String key = text.getFileName().toString();
            long start = System.nanoTime();
            server.client().createBucket(BUCKET);
            server.client().upload(text, BUCKET, key);
            double upload = (System.nanoTime() - start) / 1e9;
            progress("  uploaded %s to s3://%s/%s in %.1f s", text.getFileName(), BUCKET, key, upload);
            Runner.warm(text);
            String loadBefore = loadAverage();
            double cpuBefore = server.cpuSeconds();
            for (int run = 1; run <= settings.runs(); run++) {
                if (files.ok()) {
                    runFiles(files, text, textInput.reference(), run);
                }
                if (s3.ok()) {
                    runS3(server, s3, "s3://" + BUCKET + "/" + key, textInput.reference(), run);
                }
            }
            s3.notes = String.format(Locale.ROOT, "x file system; s3proxy %s (filesystem backend): CPU %.1f s over "
                    + "the %d runs (checks included), peak RSS %d MiB, neither in the Gristmill columns; upload %.1f s, "
                    + "untimed", server.endpoint(), server.cpuSeconds() - cpuBefore, settings.runs(),
                    server.peakKib() / 1024, upload);
            // other engineers' builds share this machine's cores: the load says how far to trust the times
            files.notes = "load average " + loadBefore + " before, " + loadAverage() + " after the rows";
            if (cluster) {
                runCluster(server, text, key, textInput.reference());
            }
        } catch (IOException e) {
            files.fail(e.getMessage());
            s3.fail(e.getMessage());
        } finally {
            files.baseline = files.median();
            s3.baseline = files.median();
            verdict(files, s3);
        }
    }

    /**
     * The same comparison on a coordinator and 2 worker processes ({@code BENCH_SLOTS} each), all given the server's
     * endpoint and credentials in the AWS variables: the word count job submitted through REST, from the file and
     * to a folder, and from the object to an s3:// prefix, interleaved; submit until the coordinator reports it
     * SUCCEEDED, for both (the S3 output has no file to watch).
     */
    private void runCluster(S3ProxyProcess server, Path text, String key, Path reference) throws Exception {
        Row files = runner.addRow(CLUSTER_FILES, "text " + size, text);
        Row s3 = runner.addRow(CLUSTER_S3, "text " + size, text);
        Path jar = runner.sampleJobsJar();
        String unavailable = runner.clusterRowUnavailable(jar);
        if (unavailable != null) {
            files.check = unavailable;
            s3.check = unavailable;
            return;
        }
        Map<String, String> env = new HashMap<>(S3ProxyProcess.credentials());
        env.put("AWS_ENDPOINT_URL_S3", server.endpoint().toString());
        progress("s3: starting a coordinator and 2 workers with the s3proxy endpoint");
        String loadBefore = loadAverage();
        double cpuBefore = server.cpuSeconds();
        try (Runner.Cluster processes = runner.newCluster(jar, "s3-", 2, Map.of(), env)) {
            processes.start();
            // one untimed job of each kind first: the processes load classes and JIT-compile the data path then
            // (the cold first job took 4x the warm ones at 32m), and each row is about a warm cluster
            Path warmUp = runner.freshOutput("s3-cluster-warm-up");
            processes.awaitSucceeded(processes.submit(WORD_COUNT, List.of(text.toString()), warmUp.toString(), null,
                    Map.of(), ""));
            Runner.deleteTree(warmUp);
            processes.awaitSucceeded(processes.submit(WORD_COUNT, List.of("s3://" + BUCKET + "/" + key),
                    "s3://" + BUCKET + "/cluster-warm-up/", null, Map.of(), ""));
            for (String object : server.client().keys(BUCKET, "cluster-warm-up/")) {
                server.client().delete(BUCKET, object);
            }
            for (int run = 1; run <= settings.runs(); run++) {
                if (files.ok()) {
                    Path dir = runner.freshOutput("s3-cluster-files-wordcount");
                    clusterRun(files, () -> processes.awaitSucceeded(processes.submit(WORD_COUNT,
                            List.of(text.toString()), dir.toString(), null, Map.of(), "")),
                            () -> Check.wordCount(reference, dir));
                    Runner.deleteTree(dir);
                }
                if (s3.ok()) {
                    String prefix = "cluster-wordcount-" + run + "/";
                    clusterRun(s3, () -> processes.awaitSucceeded(processes.submit(WORD_COUNT,
                            List.of("s3://" + BUCKET + "/" + key), "s3://" + BUCKET + "/" + prefix, null, Map.of(),
                            "")), () -> checkOutput(server.client(), prefix, reference));
                    for (String object : server.client().keys(BUCKET, prefix)) {
                        server.client().delete(BUCKET, object);
                    }
                }
            }
            files.peakKib = processes.peakKib();
            files.peakNote = "sum of 3";
            s3.peakKib = files.peakKib;
            s3.peakNote = "sum of 3";
        } catch (Exception e) {
            files.fail(Runner.abbreviate(e.getMessage(), 200));
            s3.fail(Runner.abbreviate(e.getMessage(), 200));
        } finally {
            files.notes = "submit -> SUCCEEDED, after one untimed run of each row; load average " + loadBefore
                    + " before, " + loadAverage() + " after";
            s3.notes = String.format(Locale.ROOT, "x file system; submit -> SUCCEEDED; s3proxy CPU %.1f s over the "
                    + "%d runs (checks included)", server.cpuSeconds() - cpuBefore, settings.runs());
            files.baseline = files.median();
            s3.baseline = files.median();
            verdict(files, s3);
        }
    }

    /** One timed cluster job and the check of its output. */
    private static void clusterRun(Row row, Runner.TimedJob.Body job, Runner.OutputProblem check) throws Exception {
        double seconds;
        try {
            seconds = job.run();
        } catch (IOException e) {
            row.fail(Runner.abbreviate(e.getMessage(), 200));
            return;
        }
        Runner.progress("  %-45s %-11s %8.3f s", row.name, row.input, seconds);
        row.seconds.add(seconds);
        check(row, check.find());
    }

    private void runFiles(Row row, Path text, Path reference, int run) throws Exception {
        Path dir = runner.freshOutput("s3-files-wordcount");
        Measurement m = runner.measure("s3-files-wordcount-" + size + "-" + run, runner.gristmill("local", "--job",
                "wordcount", "--input", text.toString(), "--output", dir.toString()),
                Runner.gristmillEnv(settings.heap()));
        runner.record(row, m);
        if (m.exit() == 0) {
            check(row, Check.wordCount(reference, dir));
        }
        Runner.deleteTree(dir);
    }

    private void runS3(S3ProxyProcess server, Row row, String input, Path reference, int run) throws Exception {
        String prefix = "wordcount-" + run + "/";
        Map<String, String> env = new HashMap<>(Runner.gristmillEnv(settings.heap()));
        env.putAll(S3ProxyProcess.credentials());
        Measurement m = runner.measure("s3-wordcount-" + size + "-" + run, runner.gristmill("local", "--job",
                "wordcount", "--input", input, "--output", "s3://" + BUCKET + "/" + prefix, "--s3-endpoint",
                server.endpoint().toString()), env);
        runner.record(row, m);
        if (m.exit() == 0) {
            check(row, checkOutput(server.client(), prefix, reference));
        }
        for (String key : server.client().keys(BUCKET, prefix)) {
            server.client().delete(BUCKET, key);
        }
    }

    /** What is wrong with the job's output below {@code prefix}, or null: listed and read through the S3 API. */
    private String checkOutput(S3Http s3, String prefix, Path reference) throws IOException {
        List<String> keys = s3.keys(BUCKET, prefix);
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            String name = key.substring(prefix.length());
            if (name.startsWith("part-")) {
                parts.add(key);
            } else if (!name.equals("_SUCCESS")) {
                return "s3://" + BUCKET + "/" + key + " left behind";
            }
        }
        if (!keys.contains(prefix + "_SUCCESS")) {
            return "no s3://" + BUCKET + "/" + prefix + "_SUCCESS";
        }
        List<String> pending = s3.pendingUploads(BUCKET, prefix);
        if (!pending.isEmpty()) {
            return "uploads still pending: " + pending;
        }
        Path dir = runner.freshOutput("s3-wordcount-download");
        Files.createDirectories(dir);
        try {
            for (String key : parts) {
                s3.download(BUCKET, key, dir.resolve(key.substring(prefix.length())));
            }
            Files.createFile(dir.resolve("_SUCCESS"));
            return Check.wordCount(reference, dir);
        } finally {
            Runner.deleteTree(dir);
        }
    }

    /** The 1-minute load average ({@code /proc/loadavg}), or "?". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void check(Row row, String problem) {
        if (problem != null) {
            row.fail(problem);
        }
    }

    /** The line under the table: the ratio, measured in this run. There is no target for it. */
    private static void verdict(Row files, Row s3) {
        double ratio = s3.median() / files.median();
        String problem = !s3.ok() ? s3.check : !files.ok() ? "file system: " + files.check : null;
        String what = s3.name.startsWith("s3: cluster") ? "cluster word count (coord + 2 workers)"
                : "gristmill local word count";
        s3.verdicts.add("s3:// in and out (s3proxy on loopback) / file system, " + what + " "
                + s3.input + ": " + (Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio))
                + (problem == null ? "" : " (" + problem + ")"));
    }
}

package io.gristmill.bench;

import io.gristmill.bench.Runner.Cluster;
import io.gristmill.bench.Runner.Measurement;
import io.gristmill.bench.Runner.Row;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static io.gristmill.bench.Runner.progress;

/**
 * The many-files rows (issue 16, "also measured with real data"): {@code BENCH_MANY_FILES} (default 100,000) input
 * files of one line each, so that every file is one split and one map task, run by the real engine:
 * <ul>
 *   <li>map-only: {@code Grep} with a pattern that never matches and 0 reducers, like the scheduling row, so the
 *   tasks do nothing but be planned, scheduled, run and committed;</li>
 *   <li>word count with {@value #REDUCERS} reducers, checked against the yardstick's count of the same lines.</li>
 * </ul>
 * Both in {@code gristmill local} (whole process, as the other local rows) and on the bench's coordinator + 2
 * workers cluster (submit to {@code _SUCCESS}, as the other cluster rows). The local and the cluster pair are each
 * interleaved run by run.
 *
 * <p>The files are generated once and cached in {@code bench/data/many-files-N-sSEED/} ({@code in-0000000.txt}
 * ...), next to {@code many-files-N-sSEED.txt}, the same lines in one file, which the yardstick counts for the
 * reference. The lines are the first N non-blank lines of the bench's seeded text.
 *
 * <p>Every output of these rows is kept until the rows end: a map-only run writes N part files, and on this
 * machine's ext4 creating files within seconds of deleting thousands near them makes the kernel walk the recently
 * deleted inodes (see the scheduling row), which would charge one run's clean-up to the next run.
 *
 * <p>Settings, read here because only these rows use them: {@code BENCH_MANY_FILES} (default 100000; quick: 2000;
 * {@code 0} skips the rows).
 */
final class ManyFiles {
    static final String LOCAL_MAP_ONLY = "many files: local, map-only (Grep, 0 reducers)";
    static final String LOCAL_WORD_COUNT = "many files: local, word count (100 reducers)";
    static final String CLUSTER_MAP_ONLY = "many files: coord + 2 workers, map-only (Grep, 0 reducers)";
    static final String CLUSTER_WORD_COUNT = "many files: coord + 2 workers, word count (100 reducers)";
    static final int REDUCERS = 100;
    private static final String GREP = "io.gristmill.samples.Grep";
    private static final String WORD_COUNT = "io.gristmill.samples.WordCount";
    /** A regular expression that matches nothing, so the map-only job reads every line and writes none. */
    private static final String NEVER = "(?!)";
    /** Bytes of seeded text generated per wanted line: lines are 60-75 bytes, with blank lines between paragraphs. */
    private static final int TEXT_BYTES_PER_LINE = 120;

    private final Runner runner;
    private final int files;
    private final Path data;
    private final Path outputs;
    private final Row clusterMapOnly;
    private final Row clusterWordCount;
    private final List<Path> kept = new ArrayList<>();
    private Inputs inputs;

    private ManyFiles(Runner runner, int files, Path data, Path outputs) {
        this.runner = runner;
        this.files = files;
        this.data = data;
        this.outputs = outputs;
        String input = String.format(Locale.ROOT, "%,d files", files);
        this.clusterMapOnly = rateRow(CLUSTER_MAP_ONLY, input);
        this.clusterWordCount = rateRow(CLUSTER_WORD_COUNT, input);
    }

    /** The rows as the environment asks, or null when {@code BENCH_MANY_FILES=0} skips them. */
    static ManyFiles fromEnvironment(Runner runner, Path data, Path outputs) {
        String value = System.getenv().getOrDefault("BENCH_MANY_FILES", runner.settings.quick() ? "2000" : "100000");
        int files = Integer.parseInt(value.trim().replace("_", ""));
        return files <= 0 ? null : new ManyFiles(runner, files, data, outputs);
    }

    /** The input files and the reference output of the word count. */
    record Inputs(Path folder, Path lines, Path reference) {
    }

    private static Row rateRow(String name, String input) {
        Row row = new Row(name, input);
        row.rateInNotes = true;
        return row;
    }

    /** The cluster rows, for the cluster's part of the table (they run in {@link #runOnCluster}). */
    List<Row> clusterRows() {
        return List.of(clusterMapOnly, clusterWordCount);
    }

    /** The input files, generated and counted by the yardstick on first use. */
    Inputs inputs() throws Exception {
        if (inputs == null) {
            inputs = prepare();
        }
        return inputs;
    }

    // ---------------------------------------------------------------- local

    /** The two {@code gristmill local} rows, interleaved run by run. */
    void runLocal() throws Exception {
        String input = String.format(Locale.ROOT, "%,d files", files);
        Row mapOnly = rateRow(LOCAL_MAP_ONLY, input);
        Row wordCount = rateRow(LOCAL_WORD_COUNT, input);
        runner.rows.add(mapOnly);
        runner.rows.add(wordCount);
        String unavailable = runner.localUnavailable();
        if (unavailable != null) {
            mapOnly.check = unavailable;
            wordCount.check = unavailable;
            return;
        }
        Inputs in = inputs();
        mapOnly.inputBytes = Files.size(in.lines());
        wordCount.inputBytes = mapOnly.inputBytes;
        try {
            for (int run = 1; run <= runner.settings.runs(); run++) {
                Path grepOut = keptOutput("many-files-local-grep-" + run);
                Measurement m = runner.measure("many-files-local-grep-" + run, runner.gristmill("local", "--job",
                        "grep", "--input", in.folder().toString(), "--output", grepOut.toString(), "--reducers", "0",
                        "--param", "pattern=" + NEVER), Runner.gristmillEnv(runner.settings.heap()));
                runner.record(mapOnly, m);
                if (m.exit() == 0) {
                    fail(mapOnly, checkMapOnly(grepOut));
                }
                Path countOut = keptOutput("many-files-local-wordcount-" + run);
                m = runner.measure("many-files-local-wordcount-" + run, runner.gristmill("local", "--job",
                        "wordcount", "--input", in.folder().toString(), "--output", countOut.toString(), "--reducers",
                        Integer.toString(REDUCERS)), Runner.gristmillEnv(runner.settings.heap()));
                runner.record(wordCount, m);
                if (m.exit() == 0) {
                    fail(wordCount, Check.wordCount(in.reference(), countOut));
                }
            }
        } finally {
            deleteKept();
        }
        mapOnly.notes = rateNote(mapOnly, files, "whole process");
        wordCount.notes = rateNote(wordCount, files + REDUCERS, "whole process");
    }

    // ---------------------------------------------------------------- cluster

    /** The two cluster rows on the bench's running cluster, interleaved run by run. */
    void runOnCluster(Cluster cluster) throws Exception {
        Inputs in = inputs();
        long bytes = Files.size(in.lines());
        clusterMapOnly.inputBytes = bytes;
        clusterWordCount.inputBytes = bytes;
        List<String> input = List.of(in.folder().toString());
        try {
            for (int run = 1; run <= runner.settings.runs(); run++) {
                runner.clusterRun(clusterMapOnly, keptOutput("many-files-cluster-grep-" + run), false,
                        out -> cluster.runJob(GREP, input, out, 0, Map.of("pattern", NEVER)), this::checkMapOnly);
                runner.clusterRun(clusterWordCount, keptOutput("many-files-cluster-wordcount-" + run), false,
                        out -> cluster.runJob(WORD_COUNT, input, out, REDUCERS, Map.of()),
                        out -> Check.wordCount(in.reference(), out));
            }
        } finally {
            deleteKept();
        }
        long peak = cluster.peakKib();
        clusterMapOnly.peakKib = peak;
        clusterWordCount.peakKib = peak;
        clusterMapOnly.notes = rateNote(clusterMapOnly, files, "submit -> _SUCCESS");
        clusterWordCount.notes = rateNote(clusterWordCount, files + REDUCERS, "submit -> _SUCCESS");
    }

    // ---------------------------------------------------------------- checks and notes

    /** A map-only run: {@code _SUCCESS} and one {@code part-m-*} file per input file (each is one map task). */
    private String checkMapOnly(Path output) throws IOException {
        if (!Files.exists(output.resolve("_SUCCESS"))) {
            return "no _SUCCESS in " + output;
        }
        long parts;
        try (Stream<Path> list = Files.list(output)) {
            parts = list.filter(p -> p.getFileName().toString().startsWith("part-m-")).count();
        }
        return parts == files ? null : parts + " part-m files for " + files + " input files in " + output;
    }

    private static void fail(Row row, String problem) {
        if (problem != null) {
            row.fail(problem);
        }
    }

    private static String rateNote(Row row, int tasks, String measured) {
        double median = row.median();
        return Double.isNaN(median) ? measured : String.format(Locale.ROOT, "%.0f tasks/s (%,d tasks), %s",
                tasks / median, tasks, measured);
    }

    private Path keptOutput(String name) throws IOException {
        Path dir = outputs.resolve(name);
        Runner.deleteTree(dir);
        kept.add(dir);
        return dir;
    }

    private void deleteKept() throws IOException {
        for (Path dir : kept) {
            Runner.deleteTree(dir);
        }
        kept.clear();
    }

    // ---------------------------------------------------------------- inputs

    private Inputs prepare() throws Exception {
        long seed = runner.settings.seed();
        String name = "many-files-" + files + "-s" + seed;
        Path folder = data.resolve(name);
        Path lines = data.resolve(name + ".txt");
        if (!Files.isDirectory(folder) || !Files.exists(lines)) {
            generate(folder, lines, seed);
        }
        Path reference = outputs.resolve("yardstick-" + name + ".txt");
        if (!Files.exists(reference)) {
            Yardstick.write(Yardstick.count(lines, 2), reference);
        }
        return new Inputs(folder, lines, reference);
    }

    /**
     * Writes the first {@link #files} non-blank lines of a seeded text, one file each, into {@code folder}, and all
     * of them into {@code lines}; through temporary names renamed when complete, so a run cut short leaves no
     * partial input behind for the next one to take.
     */
    private void generate(Path folder, Path lines, long seed) throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(data);
        Path text = data.resolve(folder.getFileName() + ".text.tmp");
        Generate.generate("text", (long) files * TEXT_BYTES_PER_LINE, seed, text);
        Path tmpFolder = data.resolve(folder.getFileName() + ".tmp");
        Path tmpLines = data.resolve(lines.getFileName() + ".tmp");
        Runner.deleteTree(tmpFolder);
        Runner.deleteTree(folder);
        Files.createDirectories(tmpFolder);
        int written = 0;
        try (BufferedReader reader = Files.newBufferedReader(text, StandardCharsets.UTF_8);
             OutputStream all = Files.newOutputStream(tmpLines)) {
            String line;
            while (written < files && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                Files.write(tmpFolder.resolve(String.format(Locale.ROOT, "in-%07d.txt", written)), bytes);
                all.write(bytes);
                written++;
            }
        }
        Files.delete(text);
        if (written < files) {
            throw new IOException("the seeded text had only " + written + " non-blank lines, " + files + " wanted");
        }
        Files.move(tmpLines, lines, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpFolder, folder);
        progress("  generated %s (%,d one-line files) in %.1f s", folder, files, (System.nanoTime() - start) / 1e9);
    }
}

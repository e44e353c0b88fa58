package io.gristmill.bench;

import io.gristmill.bench.Runner.Measurement;
import io.gristmill.bench.Runner.Row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.gristmill.bench.Runner.progress;

/**
 * The compressed-input rows (issue 15): the word count of one generated text read as {@code .gz} (one file), as
 * {@value Compress#PARTS} gzip'd parts in a folder, as {@code .zst} (one file) and as {@code .bz2} (one file, which
 * the engine splits at block boundaries). Each format is a pair of rows, run interleaved run by run: the
 * {@link CompressedYardstick}, which reads the same compressed bytes through the same decompressor (one thread per
 * file, decompression included), and {@code gristmill local --job wordcount} on them. Every output of both is checked
 * against the plain-text yardstick's output for the text, so a decoder that loses or repeats a line fails the row.
 *
 * <p>The compressed copies are made once by {@link Compress} in a JVM of its own (it needs Gristmill's zstd and
 * bzip2 jars) and cached next to the text in {@code bench/data/}.
 *
 * <p>Settings, read here because only these rows use them: {@code BENCH_COMPRESSED=0} skips the rows,
 * {@code BENCH_COMPRESSED_SIZE} is the text size (default 1g; quick: 32m).
 */
final class Compressed {
    static final String YARDSTICK = "compressed: yardstick (decompress + count)";
    static final String GRISTMILL = "compressed: gristmill local word count";
    /** The target: compressed input costs Gristmill no more than the decompression itself (the yardstick). */
    private static final double TARGET = 1.0;
    /**
     * The bzip2 file is cut into this many splits per core (Gristmill local runs one task per core), at most the
     * default 64 MiB each: at the default alone the quick size's file (about 10 MiB) would be one split and the row
     * would not show the splitting, and a few splits per core keep the cores busy to the end.
     */
    private static final int BZIP2_SPLITS_PER_CORE = 4;
    private static final long DEFAULT_SPLIT_SIZE = 64L << 20;
    /**
     * Making the compressed copies is input generation, done once, not a measured case, so the bench's timeout does
     * not apply: bzip2 compresses slowly (commons-compress took over 15 minutes for 256 MiB on this 2-core machine
     * under a load average of 14), and a copy cut short would be made again from the start.
     */
    private static final long COMPRESS_TIMEOUT_SECONDS = 24 * 3600;
    /** Threads of the yardstick, as the plain one's; with one file only one of them has work. */
    private static final int YARDSTICK_THREADS = 2;

    /** One format: its compressed input, its two rows and the extra options of the Gristmill command. */
    private record Case(String tag, Path input, Row yardstick, Row gristmill, List<String> options) {
    }

    private final Runner runner;
    private final Runner.Settings settings;
    private final String size;

    private Compressed(Runner runner, String size) {
        this.runner = runner;
        this.settings = runner.settings;
        this.size = size;
    }

    /** The rows as the environment asks, or null when {@code BENCH_COMPRESSED=0} skips them. */
    static Compressed fromEnvironment(Runner runner) {
        Map<String, String> env = System.getenv();
        if ("0".equals(env.get("BENCH_COMPRESSED"))) {
            return null;
        }
        String size = env.getOrDefault("BENCH_COMPRESSED_SIZE", runner.settings.quick() ? "32m" : "1g");
        return new Compressed(runner, size);
    }

    void run(Map<String, Path> texts, Map<String, Path> references) throws Exception {
        Runner.TextInput textInput = runner.textInput("compressed", size, texts, references);
        Path text = textInput.text();
        Compress.Inputs inputs = Compress.Inputs.of(text);
        String input = "text " + size + " ";
        List<Case> cases = List.of(
                newCase("gz", input + ".gz", inputs.gz(), text),
                newCase("gz16", input + Compress.PARTS + "x .gz", inputs.gzParts(), text),
                newCase("zst", input + ".zst", inputs.zst(), text),
                newCase("bz2", input + ".bz2", inputs.bz2(), text));
        String unavailable = runner.localUnavailable();
        if (unavailable != null) {
            for (Case c : cases) {
                c.yardstick.check = unavailable;
                c.gristmill.check = unavailable;
            }
            return;
        }
        if (!inputs.complete()) {
            progress("compressed: writing the .gz, %dx .gz, .zst and .bz2 copies of %s (once, cached in %s; bzip2 "
                    + "takes minutes per GiB)", Compress.PARTS, text.getFileName(), text.getParent());
            Measurement m = runner.measure("compress-" + size, runner.javaCommand(settings.heap(),
                    runner.libraries(), "Compress", text.toString()), Map.of(), COMPRESS_TIMEOUT_SECONDS);
            if (m.exit() != 0) {
                for (Case c : cases) {
                    c.yardstick.fail("compressing the text failed: logs/compress-" + size + ".log");
                    c.gristmill.fail("compressing the text failed: logs/compress-" + size + ".log");
                }
                return;
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        for (Case c : cases) {
            long compressed = 0;
            for (Path file : CompressedYardstick.files(c.input)) {
                compressed += Files.size(file);
            }
            int files = CompressedYardstick.files(c.input).size();
            c.yardstick.notes = String.format(Locale.ROOT, "%.1f MiB compressed, %s", compressed / 1048576.0,
                    files == 1 ? "1 thread" : YARDSTICK_THREADS + " threads taking whole files");
            if (c.tag.equals("bz2")) {
                long split = Math.min(DEFAULT_SPLIT_SIZE, Math.max(Runner.MIN_SPLIT_SIZE,
                        Runner.ceilDiv(compressed, (long) BZIP2_SPLITS_PER_CORE * cores)));
                c.options.addAll(List.of("--split-size", Long.toString(split)));
                c.gristmill.notes = String.format(Locale.ROOT, "--split-size %d KiB: %d maps", split >> 10,
                        Runner.ceilDiv(compressed, split));
            }
        }
        try {
            for (Case c : cases) {
                run(c, textInput.reference());
            }
        } finally {
            cases.forEach(Compressed::verdict);
        }
    }

    private Case newCase(String tag, String input, Path file, Path text) throws IOException {
        // the throughput column is of the text's bytes, comparable with the plain word count rows
        return new Case(tag, file, runner.addRow(YARDSTICK, input, text), runner.addRow(GRISTMILL, input, text),
                new ArrayList<>());
    }

    /** The case's runs, yardstick and Gristmill interleaved, every output checked against the plain-text one. */
    private void run(Case c, Path reference) throws Exception {
        for (Path file : CompressedYardstick.files(c.input)) {
            Runner.warm(file);
        }
        for (int run = 1; run <= settings.runs(); run++) {
            if (c.yardstick.ok()) {
                Path out = runner.freshOutput("compressed-yardstick.txt");
                Measurement m = runner.measure("compressed-yardstick-" + c.tag + "-" + size + "-" + run,
                        runner.javaCommand(settings.heap(), runner.libraries(), "CompressedYardstick",
                                c.input.toString(), out.toString(), Integer.toString(YARDSTICK_THREADS)), Map.of());
                runner.record(c.yardstick, m);
                if (m.exit() == 0) {
                    check(c.yardstick, reference, out);
                }
                Files.deleteIfExists(out);
            }
            if (c.gristmill.ok()) {
                Path dir = runner.freshOutput("compressed-wordcount");
                List<String> command = new ArrayList<>(List.of("local", "--job", "wordcount", "--input",
                        c.input.toString(), "--output", dir.toString()));
                command.addAll(c.options);
                Measurement m = runner.measure("compressed-wordcount-" + c.tag + "-" + size + "-" + run,
                        runner.gristmill(command.toArray(String[]::new)), Runner.gristmillEnv(settings.heap()));
                runner.record(c.gristmill, m);
                if (m.exit() == 0) {
                    check(c.gristmill, reference, dir);
                }
                Runner.deleteTree(dir);
            }
        }
        c.yardstick.baseline = c.yardstick.median();
        c.gristmill.baseline = c.yardstick.median();
    }

    private static void check(Row row, Path reference, Path output) throws IOException {
        String problem = Check.wordCount(reference, output);
        if (problem != null) {
            row.fail(problem);
        }
    }

    /** The target line under the table, on the Gristmill row. */
    private static void verdict(Case c) {
        Row yard = c.yardstick;
        Row gristmill = c.gristmill;
        if (gristmill.check.startsWith("n/a")) {
            return;
        }
        double ratio = gristmill.median() / yard.median();
        String problem = !gristmill.ok() ? gristmill.check : !yard.ok() ? "yardstick: " + yard.check : null;
        boolean pass = problem == null && !Double.isNaN(ratio) && ratio <= TARGET;
        gristmill.verdicts.add("compressed input (" + gristmill.input + ") costs no more than the decompression "
                + "itself on the same cores, gristmill local <= " + TARGET + "x yardstick: "
                + (Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio)) + " "
                + (pass ? "PASS" : "FAIL") + (problem == null ? "" : " (" + problem + ")"));
    }
}

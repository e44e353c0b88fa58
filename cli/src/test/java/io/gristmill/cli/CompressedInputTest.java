package io.gristmill.cli;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import io.gristmill.cluster.io.Compression;
import io.gristmill.coordinator.internal.input.Splitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gristmill local} as a user runs it, over a folder of compressed books. */
class CompressedInputTest {
    @TempDir
    Path dir;

    @Test
    void wordCountOverGzippedBooks_equalsWordCountOverThePlainBooks() throws Exception {
        Path books = Files.createDirectory(dir.resolve("books"));
        for (Path book : Outputs.gutenbergFiles()) {
            compress(book, books.resolve(book.getFileName() + ".gz"), GZIPOutputStream::new);
        }
        Path output = dir.resolve("out");

        Process local = runLocal("--input", books.toString(), "--output", output.toString(), "--split-size", "64k");

        assertEquals(0, local.exitValue(), Files.readString(dir.resolve("local.log")));
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(output));
    }

    @Test
    void wordCountOverAMixOfGzipZstdBzip2AndPlainBooks_equalsWordCountOverThePlainBooks() throws Exception {
        Path books = Files.createDirectory(dir.resolve("mixed"));
        List<Path> plain = Outputs.gutenbergFiles();
        for (int i = 0; i < plain.size(); i++) {
            Path book = plain.get(i);
            String name = book.getFileName().toString();
            switch (i % 4) {
                case 0 -> compress(book, books.resolve(name + ".gz"), GZIPOutputStream::new);
                case 1 -> compress(book, books.resolve(name + ".zst"), ZstdOutputStream::new);
                // 100k blocks: each book is several blocks, read by several maps at a 64k split size
                case 2 -> compress(book, books.resolve(name + ".bz2"), out -> new BZip2CompressorOutputStream(out, 1));
                default -> Files.copy(book, books.resolve(name));
            }
        }
        Path output = dir.resolve("out");

        Process local = runLocal("--input", books.toString(), "--output", output.toString(), "--split-size", "64k");

        String log = Files.readString(dir.resolve("local.log"));
        assertEquals(0, local.exitValue(), log);
        Outputs.assertSameEntries(Outputs.sequentialWordCount(plain), Outputs.keyValues(output));
        java.util.regex.Matcher maps = java.util.regex.Pattern.compile("SUCCEEDED\\s+map (\\d+)/").matcher(log);
        assertTrue(maps.find(), log);
        List<Path> files;
        try (var list = Files.list(books)) {
            files = list.sorted().toList();
        }
        // one map per gzip or zstd book (never cut); plain and bzip2 books cut at 64k (bzip2 at its 100k blocks)
        int cut = Splitter.split(files, 64 << 10, p -> Compression.ofPath(p).splittable()).size();
        int bzip2Whole = Splitter.split(files, 64 << 10, p -> Compression.ofPath(p) == Compression.NONE).size();
        assertTrue(cut > bzip2Whole, cut + " vs " + bzip2Whole);
        assertEquals(cut, Integer.parseInt(maps.group(1)), log);
    }

    @Test
    void truncatedGzipInput_failsTheJobNamingTheFileAndOffset() throws Exception {
        Path books = Files.createDirectory(dir.resolve("broken"));
        Path book = Outputs.gutenbergFiles().get(0);
        Path gz = books.resolve(book.getFileName() + ".gz");
        compress(book, gz, GZIPOutputStream::new);
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Process local = runLocal("--input", books.toString(), "--output", dir.resolve("out").toString(),
                "--max-attempts", "1");

        String log = Files.readString(dir.resolve("local.log"));
        assertTrue(local.exitValue() != 0, log);
        assertTrue(log.contains(gz.toString()) && log.contains("near compressed byte"), log);
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws java.io.IOException;
    }

    private static void compress(Path from, Path to, Compressor codec) throws java.io.IOException {
        try (OutputStream out = codec.wrap(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
    }

    /** Runs {@code gristmill local ARGS} in a JVM of its own and waits for it to exit. */
    private Process runLocal(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("local", "--workers", "2"));
        command.addAll(List.of(args));
        Process process = new ProcessCluster(dir).launchOn(List.of(), "local", List.of(), command);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gristmill local did not end within 2 minutes");
        return process;
    }
}

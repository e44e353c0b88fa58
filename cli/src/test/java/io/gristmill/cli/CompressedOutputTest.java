package io.gristmill.cli;

import com.github.luben.zstd.ZstdInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gristmill local --output-compression}: part files compressed, named with the codec's extension. */
class CompressedOutputTest {
    @TempDir
    Path dir;

    @Test
    void zstdOutput_writesPartFilesEndingInZstThatDecompressToTheWordCount() throws Exception {
        assertCompressedWordCount("zstd", ".zst");
    }

    @Test
    void gzipOutput_writesPartFilesEndingInGzThatDecompressToTheWordCount() throws Exception {
        assertCompressedWordCount("gzip", ".gz");
    }

    @Test
    void zstdShuffle_givesTheSameWordCountFromFewerShuffledBytes() throws Exception {
        long plain = shuffledBytes("none");
        long compressed = shuffledBytes("zstd");
        assertTrue(compressed < plain / 2, "SHUFFLE_BYTES " + compressed + " compressed vs " + plain + " plain");
    }

    private long shuffledBytes(String codec) throws Exception {
        Path output = dir.resolve("out-shuffle-" + codec);
        Process local = runLocal("--output", output.toString(), "--reducers", "3", "--split-size", "256k",
                "--shuffle-compression", codec);
        String log = Files.readString(dir.resolve("local.log"));
        assertEquals(0, local.exitValue(), log);
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(output));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("SHUFFLE_BYTES\\s+([\\d,]+)").matcher(log);
        assertTrue(m.find(), log);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void anUnknownCodec_isRefusedNamingTheFlagsField() throws Exception {
        Process local = runLocal("--output", dir.resolve("out").toString(), "--output-compression", "lz4");
        String log = Files.readString(dir.resolve("local.log"));
        assertEquals(2, local.exitValue(), log);
        assertTrue(log.contains("outputCompression") && log.contains("none, gzip or zstd"), log);
    }

    private void assertCompressedWordCount(String codec, String extension) throws Exception {
        Path output = dir.resolve("out-" + codec);
        Process local = runLocal("--output", output.toString(), "--reducers", "2", "--output-compression", codec);
        assertEquals(0, local.exitValue(), Files.readString(dir.resolve("local.log")));

        List<Path> parts = Outputs.partFiles(output);
        assertEquals(List.of("part-r-00000" + extension, "part-r-00001" + extension),
                parts.stream().map(p -> p.getFileName().toString()).toList());
        Map<String, String> counts = new TreeMap<>();
        for (Path part : parts) {
            try (InputStream in = codec.equals("gzip") ? new GZIPInputStream(Files.newInputStream(part))
                    : new ZstdInputStream(Files.newInputStream(part))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    int tab = line.indexOf('\t');
                    counts.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), counts);
    }

    private Process runLocal(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("local", "--workers", "2"));
        command.addAll(List.of(args));
        Process process = new ProcessCluster(dir).launchOn(List.of(), "local", List.of(), command);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gristmill local did not end within 2 minutes");
        return process;
    }
}

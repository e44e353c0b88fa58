package io.gristmill.cli;

import io.gristmill.cli.formatjobs.ColumnTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's job over CSV and JSON lines, run by {@code gristmill local} in a JVM of its own. */
class RecordFormatsTest {
    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void csvWithHeaderAndQuotedNewlinesCommasAndQuotes_plainAndGzipped_givesExactTotals() throws Exception {
        Path input = Files.createDirectory(dir.resolve("csv"));
        Map<String, String> expected = new TreeMap<>();
        StringBuilder csv = new StringBuilder("key,note,amount\r\n");
        for (int i = 0; i < ROWS; i++) {
            String note = switch (i % 4) {
                case 0 -> "plain";
                case 1 -> "\"with, comma\"";
                case 2 -> "\"two\nlines, and \"\"quotes\"\"\"";
                default -> "\"\"";
            };
            csv.append("k").append(i % 7).append(',').append(note).append(',').append(i).append("\r\n");
            expected.merge("k" + i % 7, Long.toString(i), (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b)));
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length > 4 * 65536, "large enough to be cut at 64k if CSV were split");
        Files.write(input.resolve("a.csv"), bytes);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(input.resolve("b.csv.gz")))) {
            out.write(bytes);
        }
        expected.replaceAll((k, v) -> Long.toString(2 * Long.parseLong(v)));

        Process local = run(input, "--param", "format=csv", "--param", "csv.header=true");

        assertEquals(0, local.exitValue(), log());
        assertEquals(expected, Outputs.keyValues(dir.resolve("out")));
    }

    @Test
    void jsonLinesWithMalformedLines_skippedWithMaxSkippedRecords_andNamedWhenNotAllowed() throws Exception {
        Path input = Files.createDirectory(dir.resolve("json"));
        Map<String, String> expected = new TreeMap<>();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            if (i % 5000 == 17) {
                json.append("{\"key\": \"k").append(i % 3).append("\", broken\n");
                continue;
            }
            json.append("{\"key\":\"k").append(i % 3).append("\",\"amount\":").append(i).append("}\n");
            expected.merge("k" + i % 3, Long.toString(i), (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b)));
        }
        Path file = Files.writeString(input.resolve("events.jsonl"), json);

        Process failing = run(input, "--param", "format=json", "--max-attempts", "1");
        String failure = log();
        assertNotEquals(0, failing.exitValue(), failure);
        assertTrue(failure.contains(file.toString()) && failure.contains("is not a JSON object"), failure);

        Files.delete(dir.resolve("local.log"));
        Process skipping = run(input, "--param", "format=json", "--max-skipped-records", "4");
        assertEquals(0, skipping.exitValue(), log());
        assertEquals(expected, Outputs.keyValues(dir.resolve("out")));
        assertTrue(log().matches("(?s).*SKIPPED_RECORDS\\s+4\\b.*"), log());
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("local.log"));
    }

    private Process run(Path input, String... args) throws Exception {
        Path jar = TestJars.jarOf(dir, ColumnTotals.class);
        List<String> command = new ArrayList<>(List.of("local", "--workers", "2", "--jar", jar.toString(),
                "--job", ColumnTotals.class.getName(), "--input", input.toString(), "--output",
                dir.resolve("out").toString(), "--split-size", "64k", "--reducers", "2"));
        command.addAll(List.of(args));
        Process process = new ProcessCluster(dir).launchOn(List.of(), "local", List.of(), command);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gristmill local did not end within 2 minutes");
        return process;
    }
}

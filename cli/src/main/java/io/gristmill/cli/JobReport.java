package io.gristmill.cli;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.gristmill.cluster.io.Compression;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Prints how a job ended: output folder, counters and, for word count, the ten most frequent words. */
final class JobReport {
    private final PrintStream out;
    private final PrintStream err;

    JobReport(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Prints the report and returns the exit code: 0 only when the job succeeded. */
    int print(JobStatus status, boolean wordCount) throws IOException {
        if (status.state() != JobState.SUCCEEDED) {
            err.println("error: job " + status.id() + " " + status.state() + ": " + status.error());
            return 1;
        }
        double seconds = (status.finishedAt() - status.submittedAt()) / 1000.0;
        out.printf("job %s (%s) SUCCEEDED in %.1f s%n", status.id(), status.name(), seconds);
        out.printf("output: %s%n", status.output());
        printCounters(status.counters());
        if (wordCount && !io.gristmill.cluster.io.s3.S3Location.isS3(status.output())) { // parts on a file system
            printTopWords(Path.of(status.output()), 10);
        }
        return 0;
    }

    private void printCounters(Map<String, Map<String, Long>> counters) {
        out.println("counters:");
        counters.forEach((group, values) -> values.forEach((name, value) ->
                out.printf("  %-36s %,15d%n", group.equals("gristmill") ? name : group + "." + name, value)));
    }

    private void printTopWords(Path output, int n) throws IOException {
        PriorityQueue<Map.Entry<String, Long>> top = new PriorityQueue<>(Map.Entry.comparingByValue());
        for (Path part : partFiles(output)) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(part), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    int tab = line.lastIndexOf('\t');
                    top.add(Map.entry(line.substring(0, tab), Long.parseLong(line.substring(tab + 1))));
                    if (top.size() > n) {
                        top.poll();
                    }
                }
            }
        }
        List<Map.Entry<String, Long>> words = new ArrayList<>(top);
        words.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        out.println("top " + n + " words:");
        words.forEach(e -> out.printf("  %-20s %,10d%n", e.getKey(), e.getValue()));
    }

    /** A part file's text, decompressed when the job asked for compressed output. */
    private static InputStream open(Path part) throws IOException {
        InputStream in = Files.newInputStream(part);
        return switch (Compression.ofPath(part.toString())) {
            case GZIP -> new GZIPInputStream(in);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            default -> in;
        };
    }

    private static List<Path> partFiles(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted(Comparator.naturalOrder()).toList();
        }
    }
}

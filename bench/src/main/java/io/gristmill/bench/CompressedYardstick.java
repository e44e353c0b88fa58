package io.gristmill.bench;

import io.gristmill.bench.Yardstick.WordTable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The yardstick of the compressed-input rows: the word count of {@link Yardstick}, reading compressed files through
 * the same decompressors the engine uses ({@link Codecs}). A compressed stream can only be decoded from its start,
 * so each file is decompressed by one thread, which counts the words of what it decompresses with the yardstick's
 * scanner into its own table; with several files, the threads (default 2) each take whole files, the next one free
 * as they finish. The tables are merged and written like the yardstick's.
 *
 * <p>Prints, for the log, the thread time spent in decompression and in counting (summed over the threads).
 *
 * <p>Usage (with Gristmill's {@code cli/target/lib/*} on the class path, for zstd and bzip2):
 * {@code CompressedYardstick INPUT OUTPUT_FILE [THREADS]}, INPUT a compressed file or a folder of them (names starting
 * with {@code _} or {@code .} are skipped, like the engine skips them).
 */
public final class CompressedYardstick {
    private static final int BUFFER = 4 << 20;

    private CompressedYardstick() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: CompressedYardstick INPUT OUTPUT_FILE [THREADS]");
            System.exit(2);
        }
        List<Path> files = files(Path.of(args[0]));
        int threads = Math.min(files.size(), args.length == 3 ? Integer.parseInt(args[2]) : 2);
        Counter[] counters = new Counter[threads];
        Thread[] workers = new Thread[threads];
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Counter counter = new Counter(files, next);
            counters[t] = counter;
            workers[t] = new Thread(counter, "count-" + t);
            workers[t].start();
        }
        long decompressNanos = 0;
        long countNanos = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            if (counters[t].error != null) {
                throw new IOException("counting failed", counters[t].error);
            }
            decompressNanos += counters[t].decompressNanos;
            countNanos += counters[t].countNanos;
        }
        WordTable merged = counters[0].table;
        for (int t = 1; t < threads; t++) {
            merged.addAll(counters[t].table);
        }
        Yardstick.write(merged, Path.of(args[1]));
        System.out.printf(Locale.ROOT, "%d file(s), %d thread(s): decompression %.3f s, counting %.3f s (wall time "
                + "in the threads, summed)%n", files.size(), threads, decompressNanos / 1e9, countNanos / 1e9);
    }

    /** The input file, or the files of the input folder in name order, as the engine reads them. */
    static List<Path> files(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> list = Files.list(input)) {
            List<Path> files = list.filter(p -> !p.getFileName().toString().startsWith("_")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
            if (files.isEmpty()) {
                throw new IOException("no input files in " + input);
            }
            return files;
        }
    }

    /** One thread: takes whole files until none is left, decompresses each and counts its words. */
    private static final class Counter implements Runnable {
        private final List<Path> files;
        private final AtomicInteger next;
        final WordTable table = new WordTable();
        long decompressNanos;
        long countNanos;
        Throwable error;

        Counter(List<Path> files, AtomicInteger next) {
            this.files = files;
            this.next = next;
        }

        @Override
        public void run() {
            try {
                byte[] buffer = new byte[BUFFER];
                for (int f = next.getAndIncrement(); f < files.size(); f = next.getAndIncrement()) {
                    buffer = count(files.get(f), buffer);
                }
            } catch (Throwable e) {
                error = e;
            }
        }

        /** Counts one file's words; returns the buffer, grown if a line did not fit. */
        private byte[] count(Path file, byte[] buffer) throws IOException {
            try (InputStream in = Codecs.decompress(file, Files.newInputStream(file))) {
                int have = 0; // bytes of an unfinished line carried over at the buffer's start
                while (true) {
                    if (have == buffer.length) {
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    long t0 = System.nanoTime();
                    int limit = in.readNBytes(buffer, have, buffer.length - have) + have;
                    long t1 = System.nanoTime();
                    decompressNanos += t1 - t0;
                    boolean atEnd = limit < buffer.length;
                    // scan whole lines only, so that no word is cut in two; at the end, whatever is left
                    int cut = limit;
                    if (!atEnd) {
                        while (cut > 0 && buffer[cut - 1] != '\n') {
                            cut--;
                        }
                    }
                    Yardstick.scan(buffer, cut, table);
                    have = limit - cut;
                    System.arraycopy(buffer, cut, buffer, 0, have);
                    countNanos += System.nanoTime() - t1;
                    if (atEnd) {
                        return buffer;
                    }
                }
            }
        }
    }
}

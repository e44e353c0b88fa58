package io.gristmill.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the compressed copies of a generated text that the compressed-input rows read, next to it in
 * {@code bench/data/} (see {@link Inputs}); the ones that exist already are kept, so they are made once per text.
 * Each is written to a temporary name and renamed when complete, so an interrupted run leaves no half file that a
 * later run would take for a cached input. The copies are made in parallel on all cores.
 *
 * <p>Usage (with Gristmill's {@code cli/target/lib/*} on the class path, for zstd and bzip2):
 * {@code Compress TEXT_FILE}.
 */
public final class Compress {
    /** The text is cut into this many parts for the many-files case. */
    static final int PARTS = 16;

    private Compress() {
    }

    /** The compressed copies of {@code text}: one file per codec, and {@value #PARTS} gzip'd parts in a folder. */
    record Inputs(Path gz, Path gzParts, Path zst, Path bz2) {
        static Inputs of(Path text) {
            String name = text.getFileName().toString();
            String base = name.endsWith(".txt") ? name.substring(0, name.length() - 4) : name;
            return new Inputs(text.resolveSibling(name + ".gz"), text.resolveSibling(base + "-gz" + PARTS),
                    text.resolveSibling(name + ".zst"), text.resolveSibling(name + ".bz2"));
        }

        boolean complete() {
            return Files.exists(gz) && Files.isDirectory(gzParts) && Files.exists(zst) && Files.exists(bz2);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Compress TEXT_FILE");
            System.exit(2);
        }
        Path text = Path.of(args[0]);
        Inputs inputs = Inputs.of(text);
        long size = Files.size(text);
        List<Job> jobs = new ArrayList<>();
        // bzip2 is by far the slowest to write: first, so that the others run beside it
        for (Path whole : List.of(inputs.bz2(), inputs.gz(), inputs.zst())) {
            if (!Files.exists(whole)) {
                jobs.add(new Job(whole, 0, size));
            }
        }
        Path partsTmp = inputs.gzParts().resolveSibling(inputs.gzParts().getFileName() + ".tmp");
        if (!Files.isDirectory(inputs.gzParts())) {
            Runner.deleteTree(partsTmp);
            Files.createDirectories(partsTmp);
            long[] bounds = lineBounds(text, size, PARTS);
            for (int p = 0; p < PARTS; p++) {
                jobs.add(new Job(partsTmp.resolve(String.format(Locale.ROOT, "part-%02d.txt.gz", p)), bounds[p],
                        bounds[p + 1]));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Job job : jobs) {
                done.add(pool.submit(() -> {
                    job.write(text);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (Files.isDirectory(partsTmp)) {
            Files.move(partsTmp, inputs.gzParts(), StandardCopyOption.ATOMIC_MOVE);
        }
        for (Path p : List.of(inputs.gz(), inputs.zst(), inputs.bz2())) {
            System.err.printf(Locale.ROOT, "%s: %d bytes%n", p, Files.size(p));
        }
    }

    /** Bytes {@code [start, end)} of the text, compressed into {@code file} by the codec its name ends with. */
    private record Job(Path file, long start, long end) {
        void write(Path text) throws IOException {
            String name = file.getFileName().toString();
            Path tmp = file.resolveSibling(name + ".tmp");
            String extension = name.substring(name.lastIndexOf('.'));
            try (FileChannel in = FileChannel.open(text, StandardOpenOption.READ);
                 OutputStream out = Codecs.compress(extension, Files.newOutputStream(tmp))) {
                ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
                long pos = start;
                while (pos < end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - pos));
                    int n = in.read(buffer, pos);
                    if (n < 0) {
                        throw new IOException(text + " shrank while compressing it");
                    }
                    out.write(buffer.array(), 0, n);
                    pos += n;
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** {@code parts + 1} offsets cutting the text into parts of about equal size at line starts. */
    static long[] lineBounds(Path text, long size, int parts) throws IOException {
        long[] bounds = new long[parts + 1];
        bounds[parts] = size;
        try (FileChannel channel = FileChannel.open(text, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
            for (int p = 1; p < parts; p++) {
                long at = Math.max(bounds[p - 1], Math.max(1, size * p / parts));
                bounds[p] = size;
                // the first line start at or after `at`: the byte after the first '\n' at or after at - 1
                for (long pos = at - 1; pos < size && bounds[p] == size; ) {
                    buffer.clear();
                    int n = channel.read(buffer, pos);
                    if (n <= 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buffer.get(i) == '\n') {
                            bounds[p] = pos + i + 1;
                            break;
                        }
                    }
                    pos += n;
                }
            }
        }
        return bounds;
    }
}

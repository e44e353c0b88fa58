package io.gristmill.worker.internal.data;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Partitioner;
import io.gristmill.api.RecordWriter;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A manual benchmark of the no-combiner data path (not a unit test; run its main with the test classpath, the
 * repeat count as fifth argument): {@code buffer <rounds> <bufferMiB>} fills, sorts and writes one sort buffer;
 * {@code wc <pairs> <bufferMiB>} emits words of the Gutenberg sample as (Text, MutableLong 1) pairs into one
 * collector with 2 partitions, then reduces each partition; {@code sort <records> <bufferMiB> <maps>} emits
 * 100-byte TeraSort-like lines as Text keys without value, range-partitioned into 4, then reduces each partition
 * from all maps, and times a plain in-memory sort of the same lines for reference. Times are CPU seconds of the
 * benchmark thread. {@code map <copies> <bufferMiB>} runs whole map attempts through {@link MapRunner} over a file of
 * {@code copies} copies of the Gutenberg sample: once with a mapper that emits nothing (the read loop alone) and
 * once with an ASCII word count mapper and the sum-of-longs merge combiner.
 */
public final class DataPathBench {
    private static final int REDUCERS = 4;

    private DataPathBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gm-bench");
        try {
            int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 1;
            for (int r = 0; r < repeats; r++) {
                if (args[0].equals("buffer")) {
                    sortBuffer(dir, Long.parseLong(args[2]) << 20, Integer.parseInt(args[1]));
                } else if (args[0].equals("map")) {
                    mapAttempts(dir, Integer.parseInt(args[1]), Long.parseLong(args[2]) << 20);
                } else if (args[0].equals("wc")) {
                    wordCount(dir, Long.parseLong(args[1]), Long.parseLong(args[2]) << 20);
                } else {
                    sort(dir, Integer.parseInt(args[1]), Long.parseLong(args[2]) << 20, Integer.parseInt(args[3]));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Fills, sorts and writes one sort buffer of words {@code rounds} times, timing each phase. */
    private static void sortBuffer(Path dir, long buffer, int rounds) throws Exception {
        Words words = new Words();
        SortBuffer b = new SortBuffer(io.gristmill.api.RawComparator.BYTES, 2, buffer);
        Partitioner<Object> partitioner = Partitioner.hashOfKeyBytes();
        byte[] value = new byte[8];
        long fill = 0;
        long sort = 0;
        long write = 0;
        int w = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = now();
            while (b.fits(words.lens[w], 8)) {
                int p = partitioner.partition(null, words.text, words.starts[w], words.lens[w], 2);
                b.add(p, words.text, words.starts[w], words.lens[w], value, 0, 8);
                if (++w == words.count) {
                    w = 0;
                }
            }
            long t1 = now();
            b.sort();
            long t2 = now();
            try (RunWriter out = new RunWriter(dir.resolve("run"), 2, 1 << 20)) {
                int n = b.size();
                int from = 0;
                while (from < n) {
                    int p = b.partitionAt(from);
                    int to = from + 1;
                    while (to < n && b.partitionAt(to) == p) {
                        to++;
                    }
                    out.partition(p);
                    b.write(out, from, to);
                    from = to;
                }
                out.finish();
            }
            long t3 = now();
            fill += t1 - t0;
            sort += t2 - t1;
            write += t3 - t2;
            if (r == rounds - 1) {
                System.out.printf("buffer %dMiB records=%d | per round: fill %.3fs sort %.3fs write %.3fs (%d rounds)%n",
                        buffer >> 20, b.size(), s(fill / rounds), s(sort / rounds), s(write / rounds), rounds);
            }
            b.reset();
        }
    }

    /** The words of the Gutenberg sample, as ranges of one array. */
    private static final class Words {
        final byte[] text;
        final int[] starts;
        final int[] lens;
        final int count;

        Words() throws IOException {
            text = readGutenberg();
            starts = new int[text.length / 2];
            lens = new int[text.length / 2];
            int n = 0;
            for (int i = 0; i < text.length; ) {
                while (i < text.length && !Character.isLetter(text[i])) {
                    i++;
                }
                int s = i;
                while (i < text.length && Character.isLetter(text[i])) {
                    i++;
                }
                if (i > s) {
                    starts[n] = s;
                    lens[n++] = i - s;
                }
            }
            count = n;
        }
    }

    private static void wordCount(Path dir, long pairs, long buffer) throws Exception {
        Words words = new Words();
        Job job = Job.builder().mapper(() -> (k, v, out) -> { }).reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs()).outputFormat(DataPathBench::discard).build();
        SimpleTaskContext ctx = TestSupport.mapContext(0, 2, new InputSplit("/none", 0, 0));
        MapOutputCollector c = new MapOutputCollector(job, 2, buffer, dir.resolve("spill"), dir.resolve("wc"), ctx);
        Text word = new Text();
        MutableLong one = new MutableLong(1);
        long t0 = now();
        for (long n = 0, w = 0; n < pairs; n++, w++) {
            if (w == words.count) {
                w = 0;
            }
            c.emit(word.wrap(words.text, words.starts[(int) w], words.lens[(int) w]), one);
        }
        long t1 = now();
        MapOutput out = c.close();
        long t2 = now();
        long spills = ctx.counterValue(Counters.GROUP, Counters.SPILLS);
        long t3 = now();
        for (int p = 0; p < 2; p++) {
            reduce(job, dir, List.of(out.segment(p)), p);
        }
        long t4 = now();
        System.out.printf("wc pairs=%d buffer=%dMiB spills=%d | emit+spill %.2fs final merge %.2fs map total %.2fs"
                        + " | reduce %.2fs%n", pairs, buffer >> 20, spills, s(t1 - t0), s(t2 - t1), s(t2 - t0),
                s(t4 - t3));
        Files.delete(out.dataFile());
        Files.delete(out.indexFile());
    }

    /** Whole map attempts over a text file: the read loop alone, then an ASCII word count. */
    private static void mapAttempts(Path dir, int copies, long buffer) throws Exception {
        Path input = dir.resolve("map-input.txt");
        if (!Files.exists(input)) {
            byte[] text = readGutenberg();
            try (var out = Files.newOutputStream(input)) {
                for (int i = 0; i < copies; i++) {
                    out.write(text);
                }
            }
        }
        Job readOnly = Job.builder().mapper(() -> (k, v, out) -> { }).reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs()).outputFormat(DataPathBench::discard).build();
        Job wordCount = Job.builder().mapper(AsciiWordMapper::new).mergeCombiner(MergeCombiner.sumOfLongs())
                .reducer(SumReducer::new).mapOutput(Serdes.text(), Serdes.mutableLongs())
                .outputFormat(DataPathBench::discard).build();
        double read = mapAttempt(dir, readOnly, input, buffer);
        double count = mapAttempt(dir, wordCount, input, buffer);
        System.out.printf("map input=%dMiB buffer=%dMiB | read loop %.3fs | word count map %.3fs%n",
                Files.size(input) >> 20, buffer >> 20, read, count);
    }

    private static double mapAttempt(Path dir, Job job, Path input, long buffer) throws Exception {
        SimpleTaskContext ctx = TestSupport.mapContext(0, 2, new InputSplit(input.toString(), 0, Files.size(input)));
        long t0 = now();
        MapOutput out = new MapRunner(job, ctx, () -> false).run(2, buffer, dir.resolve("spill"), dir.resolve("map"));
        long t1 = now();
        Files.delete(out.dataFile());
        Files.delete(out.indexFile());
        return s(t1 - t0);
    }

    /** Emits (word, 1) for each run of ASCII letters, wrapping the line's bytes: nothing allocated per word. */
    static final class AsciiWordMapper implements io.gristmill.api.Mapper<MutableLong, Text, Text, MutableLong> {
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws IOException {
            byte[] b = line.bytes();
            int end = line.offset() + line.length();
            int i = line.offset();
            while (i < end) {
                while (i < end && !isLetter(b[i])) {
                    i++;
                }
                int start = i;
                while (i < end && isLetter(b[i])) {
                    i++;
                }
                if (i > start) {
                    out.emit(word.wrap(b, start, i - start), one);
                }
            }
        }

        private static boolean isLetter(byte c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
    }

    private static void sort(Path dir, int records, long buffer, int maps) throws Exception {
        byte[][] boundaries = sampleBoundaries();
        Partitioner<Text> partitioner = (key, b, off, len, n) -> {
            int low = 0;
            int high = boundaries.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (Arrays.compareUnsigned(boundaries[mid], 0, boundaries[mid].length, b, off, off + len) <= 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return Math.min(low, n - 1);
        };
        Job job = Job.builder().mapper(() -> (k, v, out) -> { }).reducer(LineReducer::new)
                .mapOutput(Serdes.text(), Serdes.none()).partitioner(partitioner)
                .outputFormat(DataPathBench::discard).build();
        List<MapOutput> outputs = new ArrayList<>();
        long emitNanos = 0;
        long closeNanos = 0;
        long spills = 0;
        Lines lines = new Lines(1);
        Text line = new Text();
        int perMap = records / maps;
        for (int m = 0; m < maps; m++) {
            SimpleTaskContext ctx = TestSupport.mapContext(m, REDUCERS, new InputSplit("/none", 0, 0));
            MapOutputCollector c = new MapOutputCollector(job, REDUCERS, buffer, dir.resolve("spill" + m),
                    dir.resolve("sort" + m), ctx);
            long t0 = now();
            for (int i = 0; i < perMap; i++) {
                c.emit(line.wrap(lines.next(), 0, Lines.KEY), None.INSTANCE);
            }
            long t1 = now();
            outputs.add(c.close());
            closeNanos += now() - t1;
            emitNanos += t1 - t0;
            spills += ctx.counterValue(Counters.GROUP, Counters.SPILLS);
        }
        long t3 = now();
        for (int p = 0; p < REDUCERS; p++) {
            List<Segment> segments = new ArrayList<>();
            for (MapOutput o : outputs) {
                segments.add(o.segment(p));
            }
            reduce(job, dir, segments, p);
        }
        long t4 = now();
        long t5 = now();
        Lines gen = new Lines(1);
        byte[][] all = new byte[perMap * maps][];
        for (int i = 0; i < all.length; i++) {
            all[i] = gen.next().clone();
        }
        Arrays.sort(all, Arrays::compareUnsigned);
        long t6 = now();
        System.out.printf("sort records=%d buffer=%dMiB maps=%d spills=%d | emit+spill %.2fs final merge %.2fs"
                        + " map total %.2fs | reduce %.2fs | plain Arrays.sort %.2fs%n", records, buffer >> 20, maps,
                spills, s(emitNanos), s(closeNanos), s(emitNanos + closeNanos), s(t4 - t3), s(t6 - t5));
        for (MapOutput o : outputs) {
            Files.delete(o.dataFile());
            Files.delete(o.indexFile());
        }
    }

    private static byte[][] sampleBoundaries() {
        Lines lines = new Lines(99);
        byte[][] sample = new byte[10_000][];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = lines.next().clone();
        }
        Arrays.sort(sample, Arrays::compareUnsigned);
        byte[][] b = new byte[REDUCERS - 1][];
        for (int i = 1; i < REDUCERS; i++) {
            b[i - 1] = sample[i * sample.length / REDUCERS];
        }
        return b;
    }

    private static void reduce(Job job, Path dir, List<Segment> segments, int p) throws Exception {
        SimpleTaskContext ctx = TestSupport.reduceContext(p, REDUCERS);
        Path outFile = dir.resolve("part-" + p);
        new ReduceRunner(job, ctx, () -> false).run(segments, dir.resolve("tmp" + p), outFile);
        Files.deleteIfExists(outFile);
    }

    /** CPU time of this thread: less disturbed than wall time by other processes on a shared machine. */
    private static long now() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static double s(long nanos) {
        return nanos / 1e9;
    }

    private static byte[] readGutenberg() throws IOException {
        Path root = Path.of(System.getProperty("gutenberg", "../data/gutenberg"));
        byte[] all = new byte[0];
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.sorted().toList()) {
                byte[] b = Files.readAllBytes(f);
                int old = all.length;
                all = Arrays.copyOf(all, old + b.length);
                System.arraycopy(b, 0, all, old, b.length);
            }
        }
        return all;
    }

    private static <K, V> RecordWriter<K, V> discard(java.io.OutputStream file, io.gristmill.api.TaskContext context)
            throws IOException {
        return new RecordWriter<>() {
            @Override
            public void write(K key, V value) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** 99-byte lines: a 10-byte printable random key, a space, 88 printable payload bytes (gensort -a style). */
    private static final class Lines {
        static final int KEY = 99;
        private final byte[] line = new byte[KEY];
        private long state;

        Lines(long seed) {
            state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        byte[] next() {
            for (int i = 0; i < 10; i++) {
                line[i] = (byte) (' ' + (int) ((nextLong() >>> 33) % 95));
            }
            line[10] = ' ';
            long r = nextLong();
            for (int i = 11; i < KEY; i++) {
                line[i] = (byte) ('A' + (int) ((r >>> ((i & 7) * 8)) & 15));
                if ((i & 7) == 7) {
                    r = nextLong();
                }
            }
            return line;
        }

        private long nextLong() {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return state;
        }
    }

    static final class SumReducer implements Reducer<Text, MutableLong, Text, MutableLong> {
        private final MutableLong sum = new MutableLong();

        @Override
        public void reduce(Text word, Iterable<MutableLong> counts, Emitter<Text, MutableLong> out)
                throws IOException {
            sum.set(0);
            for (MutableLong count : counts) {
                sum.add(count.get());
            }
            out.emit(word, sum);
        }
    }

    static final class LineReducer implements Reducer<Text, None, Text, None> {
        @Override
        public void reduce(Text line, Iterable<None> occurrences, Emitter<Text, None> out) throws IOException {
            for (None ignored : occurrences) {
                out.emit(line, None.INSTANCE);
            }
        }
    }
}

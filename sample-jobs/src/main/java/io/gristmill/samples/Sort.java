package io.gristmill.samples;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Partitioner;
import io.gristmill.api.PlanContext;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A total-order sort of text lines (TeraSort style), for benchmarks: typically 100-byte records of a 10-byte key,
 * a space and 88 payload bytes, though any lines work.
 *
 * <p>Each line is the key, compared as unsigned bytes, with no value; the output is the lines themselves, sorted
 * within each {@code part-r-*} file, and every line of {@code part-r-00000} sorts before every line of
 * {@code part-r-00001} and so on, so concatenating the parts in order gives the whole input sorted. Duplicate
 * lines are kept.
 *
 * <p>{@link #plan} samples up to {@value #SAMPLE_LINES} lines spread evenly over the input bytes and sets
 * parameter {@value #BOUNDARIES} to {@code reducers - 1} boundary keys (the sample's quantiles, hex encoded, at
 * most {@value #MAX_BOUNDARY_BYTES} bytes each, comma separated). {@link #define} builds a range partitioner from
 * them: a key goes to the number of boundaries that are less than or equal to it. Without boundaries every key goes
 * to partition 0, which is still a total order.
 */
public class Sort implements JobDefinition {
    /** The parameter holding the partition boundaries. */
    public static final String BOUNDARIES = "sort.boundaries";
    static final int SAMPLE_LINES = 10_000;
    static final int MAX_BOUNDARY_BYTES = 128;

    public Sort() {
    }

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(LineMapper::new)
                .reducer(LineReducer::new)
                .mapOutput(Serdes.text(), Serdes.none())
                .partitioner(rangePartitioner(parseBoundaries(params.get(BOUNDARIES))))
                .build();
    }

    @Override
    public void plan(PlanContext context) throws IOException {
        int reducers = context.numReducers();
        List<byte[]> sample = reducers > 1 ? Sampler.sample(context.inputFiles(), SAMPLE_LINES) : new ArrayList<>();
        sample.sort(Arrays::compareUnsigned);
        List<byte[]> boundaries = new ArrayList<>();
        for (int i = 1; i < reducers && !sample.isEmpty(); i++) {
            boundaries.add(sample.get((int) ((long) i * sample.size() / reducers)));
        }
        context.setParam(BOUNDARIES, boundaries.stream().map(HexFormat.of()::formatHex)
                .collect(Collectors.joining(",")));
    }

    static byte[][] parseBoundaries(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return new byte[0][];
        }
        return Arrays.stream(encoded.split(",", -1)).map(HexFormat.of()::parseHex).toArray(byte[][]::new);
    }

    /** Partition = number of boundaries {@code <=} the key, capped at {@code partitions - 1}. */
    static Partitioner<Text> rangePartitioner(byte[][] boundaries) {
        return (key, bytes, offset, length, partitions) -> {
            int low = 0;
            int high = boundaries.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                byte[] b = boundaries[mid];
                if (Arrays.compareUnsigned(b, 0, b.length, bytes, offset, offset + length) <= 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return Math.min(low, partitions - 1);
        };
    }

    /** Emits each line as a key without value. */
    static final class LineMapper implements Mapper<MutableLong, Text, Text, None> {
        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, None> out) throws IOException {
            out.emit(line, None.INSTANCE);
        }
    }

    /** Writes a line once per occurrence. */
    static final class LineReducer implements Reducer<Text, None, Text, None> {
        @Override
        public void reduce(Text line, Iterable<None> occurrences, Emitter<Text, None> out) throws IOException {
            for (None ignored : occurrences) {
                out.emit(line, None.INSTANCE);
            }
        }
    }

    /** Reads lines at evenly spaced byte positions of the input, each from its first line start on. */
    static final class Sampler {
        private Sampler() {
        }

        static List<byte[]> sample(List<Path> files, int wanted) throws IOException {
            long total = 0;
            for (Path file : files) {
                total += Files.size(file);
            }
            List<byte[]> lines = new ArrayList<>();
            long base = 0;
            for (Path file : files) {
                long size = Files.size(file);
                sampleFile(file, base, size, Math.max(1.0, (double) total / wanted), lines);
                base += size;
            }
            return lines;
        }

        /** Samples the positions {@code k * step} (over all files) that fall in this file. */
        private static void sampleFile(Path file, long base, long size, double step, List<byte[]> lines)
                throws IOException {
            long k = (long) Math.ceil(base / step);
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                for (long pos = (long) (k * step) - base; pos < size; k++, pos = (long) (k * step) - base) {
                    byte[] line = lineAt(in, pos, size);
                    if (line != null) {
                        lines.add(line);
                    }
                }
            }
        }

        /** The line owned by position {@code pos} (the first starting at or after it), or null past the end. */
        private static byte[] lineAt(RandomAccessFile in, long pos, long size) throws IOException {
            long start = pos == 0 ? 0 : afterNewline(in, pos - 1, size);
            if (start >= size) {
                return null;
            }
            in.seek(start);
            byte[] buffer = new byte[(int) Math.min(MAX_BOUNDARY_BYTES + 1, size - start)];
            in.readFully(buffer);
            int end = indexOf(buffer, buffer.length, '\n');
            if (end < 0) {
                end = buffer.length;
            } else if (end > 0 && buffer[end - 1] == '\r') {
                end--;
            }
            return Arrays.copyOf(buffer, Math.min(end, MAX_BOUNDARY_BYTES));
        }

        /** The offset after the first '\n' at or after {@code from}, or {@code size} if none. */
        private static long afterNewline(RandomAccessFile in, long from, long size) throws IOException {
            byte[] chunk = new byte[4096];
            for (long at = from; at < size; at += chunk.length) {
                in.seek(at);
                int n = in.read(chunk);
                int nl = indexOf(chunk, Math.max(n, 0), '\n');
                if (nl >= 0) {
                    return at + nl + 1;
                }
            }
            return size;
        }

        private static int indexOf(byte[] bytes, int length, char c) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] == c) {
                    return i;
                }
            }
            return -1;
        }
    }
}

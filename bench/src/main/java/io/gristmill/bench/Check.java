package io.gristmill.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Output checks. Each returns null when the output is right, or a one-line reason.
 *
 * <ul>
 *   <li>{@code wordcount EXPECTED ACTUAL}: the lines of ACTUAL (a file, or a job output folder whose
 *   {@code part-*} files are read in any order) sorted by unsigned bytes equal the lines of EXPECTED (the
 *   yardstick's output, already in that order).</li>
 *   <li>{@code sort INPUT ACTUAL}: the lines of ACTUAL (a file, or the {@code part-r-*} files of a job output
 *   folder, concatenated in name order) are in non-decreasing unsigned byte order, and are a permutation of the
 *   lines of INPUT: same count, same bytes, same order-independent digests (sum, xor and sum of squares of a
 *   64-bit hash of every line).</li>
 *   <li>{@code naive INPUT EXPECTED}: recounts INPUT with a deliberately simple implementation (decode to
 *   {@code String}, split on {@link Character#isLetter(int)}, {@code HashMap}) and compares with EXPECTED;
 *   verifies the yardstick itself on valid UTF-8 input.</li>
 * </ul>
 *
 * <p>A job output folder must contain {@code _SUCCESS}.
 */
public final class Check {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Check() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Check wordcount EXPECTED ACTUAL | sort INPUT ACTUAL | naive INPUT EXPECTED");
            System.exit(2);
        }
        String problem = switch (args[0]) {
            case "wordcount" -> wordCount(Path.of(args[1]), Path.of(args[2]));
            case "sort" -> sort(Path.of(args[1]), Path.of(args[2]));
            case "naive" -> naive(Path.of(args[1]), Path.of(args[2]));
            default -> "unknown check " + args[0];
        };
        System.out.println(problem == null ? "OK" : "FAIL: " + problem);
        System.exit(problem == null ? 0 : 1);
    }

    /** The files of an output: the file itself, or a folder's {@code part-*} files in name order. */
    static List<Path> outputFiles(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return List.of(output);
        }
        if (!Files.exists(output.resolve("_SUCCESS"))) {
            throw new IOException("no _SUCCESS in " + output);
        }
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    static String wordCount(Path expected, Path actual) throws IOException {
        List<Path> files;
        try {
            files = outputFiles(actual);
        } catch (IOException e) {
            return e.getMessage();
        }
        List<byte[]> lines = new ArrayList<>();
        for (Path file : files) {
            forEachLine(file, (bytes, start, end) -> lines.add(Arrays.copyOfRange(bytes, start, end)));
        }
        lines.sort(Arrays::compareUnsigned);
        List<byte[]> want = new ArrayList<>();
        forEachLine(expected, (bytes, start, end) -> want.add(Arrays.copyOfRange(bytes, start, end)));
        for (int i = 0; i < Math.min(lines.size(), want.size()); i++) {
            if (!Arrays.equals(lines.get(i), want.get(i))) {
                return "line " + (i + 1) + " of the sorted output is '" + show(lines.get(i)) + "', expected '"
                        + show(want.get(i)) + "'";
            }
        }
        if (lines.size() != want.size()) {
            return lines.size() + " words, expected " + want.size();
        }
        return null;
    }

    static String sort(Path input, Path actual) throws IOException {
        List<Path> files;
        try {
            files = outputFiles(actual);
        } catch (IOException e) {
            return e.getMessage();
        }
        files = files.stream().filter(p -> !Files.isDirectory(actual)
                || p.getFileName().toString().startsWith("part-r-")).toList();
        Digest want = inputDigest(input);
        Digest got = new Digest();
        String[] problem = new String[1];
        byte[][] previous = {new byte[0]};
        boolean[] first = {true};
        for (Path file : files) {
            forEachLine(file, (bytes, start, end) -> {
                got.add(bytes, start, end);
                if (problem[0] == null) {
                    byte[] prev = previous[0];
                    if (!first[0] && Arrays.compareUnsigned(prev, 0, prev.length, bytes, start, end) > 0) {
                        problem[0] = "out of order at line " + got.count + " (in " + file.getFileName() + "): '"
                                + show(Arrays.copyOfRange(bytes, start, end)) + "' after '" + show(prev) + "'";
                    }
                    first[0] = false;
                    if (prev.length == end - start) {
                        System.arraycopy(bytes, start, prev, 0, end - start);
                    } else {
                        previous[0] = Arrays.copyOfRange(bytes, start, end);
                    }
                }
            });
        }
        if (problem[0] != null) {
            return problem[0];
        }
        if (got.count != want.count || got.bytes != want.bytes) {
            return got.count + " lines / " + got.bytes + " bytes, input has " + want.count + " / " + want.bytes;
        }
        if (got.sum != want.sum || got.xor != want.xor || got.squares != want.squares) {
            return "not a permutation of the input (digests differ)";
        }
        return null;
    }

    private static final Map<String, Digest> INPUT_DIGESTS = new HashMap<>();

    /** The digest of an input file, computed once per file version (path, size, modification time). */
    private static synchronized Digest inputDigest(Path input) throws IOException {
        String key = input.toAbsolutePath() + "|" + Files.size(input) + "|" + Files.getLastModifiedTime(input);
        Digest digest = INPUT_DIGESTS.get(key);
        if (digest == null) {
            digest = new Digest();
            forEachLine(input, digest::add);
            INPUT_DIGESTS.put(key, digest);
        }
        return digest;
    }

    static String naive(Path input, Path expected) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        forEachLine(input, (bytes, start, end) -> {
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            int i = 0;
            while (i < line.length()) {
                int cp = line.codePointAt(i);
                if (!Character.isLetter(cp)) {
                    i += Character.charCount(cp);
                    continue;
                }
                int begin = i;
                while (i < line.length() && Character.isLetter(line.codePointAt(i))) {
                    i += Character.charCount(line.codePointAt(i));
                }
                counts.merge(line.substring(begin, i), 1L, Long::sum);
            }
        });
        TreeMap<byte[], Long> sorted = new TreeMap<>(Arrays::compareUnsigned);
        counts.forEach((word, count) -> sorted.put(word.getBytes(StandardCharsets.UTF_8), count));
        List<byte[]> want = new ArrayList<>();
        sorted.forEach((word, count) -> want.add((new String(word, StandardCharsets.UTF_8) + "\t" + count)
                .getBytes(StandardCharsets.UTF_8)));
        List<byte[]> got = new ArrayList<>();
        forEachLine(expected, (bytes, start, end) -> got.add(Arrays.copyOfRange(bytes, start, end)));
        for (int i = 0; i < Math.min(got.size(), want.size()); i++) {
            if (!Arrays.equals(got.get(i), want.get(i))) {
                return "line " + (i + 1) + " is '" + show(got.get(i)) + "', the naive count says '"
                        + show(want.get(i)) + "'";
            }
        }
        if (got.size() != want.size()) {
            return got.size() + " words, the naive count has " + want.size();
        }
        return null;
    }

    private static String show(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8).replace("\t", "\\t");
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    interface LineSink {
        void line(byte[] bytes, int start, int end) throws IOException;
    }

    /** Calls {@code sink} for every line (without its '\n') of a file, through a large buffer. */
    static void forEachLine(Path file, LineSink sink) throws IOException {
        byte[] buffer = new byte[4 << 20];
        int have = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (have == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, have, buffer.length - have);
                if (n < 0) {
                    if (have > 0) {
                        sink.line(buffer, 0, have);
                    }
                    return;
                }
                int limit = have + n;
                int lineStart = 0;
                for (int i = have; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        sink.line(buffer, lineStart, i);
                        lineStart = i + 1;
                    }
                }
                have = limit - lineStart;
                System.arraycopy(buffer, lineStart, buffer, 0, have);
            }
        }
    }

    /** Order-independent digest of a multiset of lines. */
    static final class Digest {
        long count;
        long bytes;
        long sum;
        long xor;
        long squares;

        void add(byte[] b, int start, int end) {
            long h = hash(b, start, end);
            count++;
            bytes += end - start;
            sum += h;
            xor ^= h;
            squares += h * h;
        }

        static long hash(byte[] b, int start, int end) {
            long h = 0x9E3779B97F4A7C15L ^ (end - start);
            int i = start;
            for (; i + 8 <= end; i += 8) {
                h = Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B185EBCA87L;
            }
            long tail = 0;
            for (int k = 0; i < end; i++, k += 8) {
                tail |= (b[i] & 0xffL) << k;
            }
            h = Long.rotateLeft(h ^ (tail * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B185EBCA87L;
            return Generate.mix64(h);
        }
    }
}

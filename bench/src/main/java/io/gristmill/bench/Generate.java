package io.gristmill.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeded, deterministic benchmark inputs.
 *
 * <ul>
 *   <li>{@code text}: English-like prose. A synthetic vocabulary of {@value #VOCABULARY} words built from seeded
 *   syllables (frequent words short, about 2% carrying an accented letter such as é or ü, about 4% proper nouns
 *   that are always capitalized), drawn with a Zipf law of exponent {@value #ZIPF_S}; sentences start with a
 *   capital letter and end with {@code .}, {@code ?} or {@code !}; commas, semicolons, possessive {@code 's},
 *   numbers, em dashes and curly quotes (multi-byte non-letters) appear now and then; lines wrap at 60-75
 *   bytes like a book, paragraphs are separated by a blank line. All valid UTF-8.</li>
 *   <li>{@code sort}: 100-byte records as in TeraSort's ASCII mode: 10 random printable key characters
 *   (0x21-0x7E), a space, 88 payload characters (the record number as 16 hex digits and 72 filler letters),
 *   {@code \n}.</li>
 * </ul>
 *
 * <p>The output depends only on kind, size and seed: the file is cut into chunks that are generated in parallel,
 * each from its own seed derived from (seed, chunk number), and written in order. A text file ends with a
 * complete line and is at most {@code size} bytes (a few dozen bytes less); a sort file holds
 * {@code size / 100} records.
 *
 * <p>Usage: {@code Generate text|sort SIZE SEED OUTPUT_FILE}; SIZE like {@code 256m}, {@code 1g}, {@code 4096k}.
 */
public final class Generate {
    static final int VOCABULARY = 50_000;
    static final double ZIPF_S = 1.07;
    private static final int TEXT_CHUNK = 8 << 20;
    private static final int SORT_CHUNK_RECORDS = 1 << 16;
    static final int RECORD = 100;

    private Generate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Generate text|sort SIZE SEED OUTPUT_FILE");
            System.exit(2);
        }
        long size = parseSize(args[1]);
        long seed = Long.parseLong(args[2]);
        Path out = Path.of(args[3]);
        long start = System.nanoTime();
        generate(args[0], size, seed, out);
        System.err.printf(Locale.ROOT, "generated %s (%d bytes) in %.1f s%n", out, Files.size(out),
                (System.nanoTime() - start) / 1e9);
    }

    /** Parses {@code 123}, {@code 64k}, {@code 256m}, {@code 1g} (binary units). */
    static long parseSize(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * unit;
    }

    /** The cached file for an input, generated first if missing. */
    static Path cached(Path dataDir, String kind, String size, long seed) throws Exception {
        Path file = dataDir.resolve(kind + "-" + size.toLowerCase(Locale.ROOT) + "-s" + seed + ".txt");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            long start = System.nanoTime();
            generate(kind, parseSize(size), seed, file);
            System.err.printf(Locale.ROOT, "  generated %s (%d bytes) in %.1f s%n", file, Files.size(file),
                    (System.nanoTime() - start) / 1e9);
        }
        return file;
    }

    /** Writes the input to {@code out} (through a temporary file renamed at the end). */
    static void generate(String kind, long size, long seed, Path out) throws Exception {
        ChunkMaker maker;
        if (kind.equals("text")) {
            Vocabulary vocabulary = new Vocabulary(seed);
            maker = chunk -> textChunk(vocabulary, chunkSeed(seed, chunk));
        } else if (kind.equals("sort")) {
            maker = chunk -> sortChunk(chunkSeed(seed, chunk), chunk);
        } else {
            throw new IllegalArgumentException("unknown kind " + kind + " (text or sort)");
        }
        long limit = kind.equals("sort") ? size / RECORD * RECORD : size;
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "generate");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ArrayDeque<Future<Chunk>> pending = new ArrayDeque<>();
            int next = 0;
            long written = 0;
            while (written < limit) {
                while (pending.size() < threads * 2) {
                    int chunk = next++;
                    pending.add(pool.submit(() -> maker.make(chunk)));
                }
                Chunk chunk = pending.poll().get();
                int length = chunk.length;
                if (written + length > limit) {
                    length = (int) (limit - written);
                    if (kind.equals("text")) {
                        while (length > 0 && chunk.bytes[length - 1] != '\n') {
                            length--;
                        }
                    }
                    limit = written + length;
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk.bytes, 0, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                written += length;
            }
            for (Future<Chunk> f : pending) {
                f.cancel(true);
            }
        } finally {
            pool.shutdownNow();
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface ChunkMaker {
        Chunk make(int chunk) throws Exception;
    }

    private record Chunk(byte[] bytes, int length) {
    }

    static long chunkSeed(long seed, int chunk) {
        return mix64(seed * 0x9E3779B97F4A7C15L + chunk + 1);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- sort records

    private static Chunk sortChunk(long seed, int chunk) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[SORT_CHUNK_RECORDS * RECORD];
        long number = (long) chunk * SORT_CHUNK_RECORDS;
        for (int r = 0, p = 0; r < SORT_CHUNK_RECORDS; r++, number++) {
            for (int k = 0; k < 10; k++) {
                bytes[p++] = (byte) (0x21 + random.nextInt(94));
            }
            bytes[p++] = ' ';
            for (int k = 15; k >= 0; k--) {
                bytes[p++] = (byte) "0123456789ABCDEF".charAt((int) (number >>> (4 * k)) & 0xf);
            }
            for (int g = 0; g < 9; g++) {
                byte letter = (byte) ('A' + random.nextInt(26));
                for (int k = 0; k < 8; k++) {
                    bytes[p++] = letter;
                }
            }
            bytes[p++] = '\n';
        }
        return new Chunk(bytes, bytes.length);
    }

    // ---------------------------------------------------------------- text

    /** The synthetic vocabulary and its Zipf sampler. */
    static final class Vocabulary {
        private static final String[] ONSETS = {"", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p",
            "r", "s", "t", "v", "w", "y", "z", "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gr", "pl", "pr",
            "qu", "sh", "sl", "sp", "st", "str", "th", "tr", "wh"};
        private static final String[] NUCLEI = {"a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee", "oo",
            "ou", "y", "ie", "oa"};
        private static final String[] CODAS = {"", "", "", "", "n", "r", "s", "t", "l", "d", "m", "ng", "st", "nd",
            "rt", "ck", "sh", "th", "ll", "ss"};
        private static final String[] ACCENTED = {"é", "è", "ê", "ü", "ö", "ä", "à", "ñ", "ç", "í", "ø", "å"};
        private static final int GUIDE_BITS = 18;

        final byte[][] lower;
        final byte[][] capital;
        final double[] cdf;
        final int[] guide;

        Vocabulary(long seed) {
            SplittableRandom random = new SplittableRandom(mix64(seed ^ 0x5EED_F00DL));
            lower = new byte[VOCABULARY][];
            capital = new byte[VOCABULARY][];
            Set<String> seen = new HashSet<>();
            for (int rank = 0; rank < VOCABULARY; rank++) {
                String word;
                do {
                    word = word(random, rank);
                } while (!seen.add(word));
                String cap = word.substring(0, word.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
                        + word.substring(word.offsetByCodePoints(0, 1));
                boolean proper = rank >= 50 && random.nextInt(100) < 4;
                lower[rank] = (proper ? cap : word).getBytes(StandardCharsets.UTF_8);
                capital[rank] = cap.getBytes(StandardCharsets.UTF_8);
            }
            cdf = new double[VOCABULARY];
            double total = 0;
            for (int rank = 0; rank < VOCABULARY; rank++) {
                total += 1 / Math.pow(rank + 1, ZIPF_S);
                cdf[rank] = total;
            }
            for (int rank = 0; rank < VOCABULARY; rank++) {
                cdf[rank] /= total;
            }
            cdf[VOCABULARY - 1] = 1.0;
            guide = new int[1 << GUIDE_BITS];
            int rank = 0;
            for (int g = 0; g < guide.length; g++) {
                double floor = (double) g / guide.length;
                while (cdf[rank] <= floor) {
                    rank++;
                }
                guide[g] = rank;
            }
        }

        private static String word(SplittableRandom random, int rank) {
            int syllables;
            if (rank < 60) {
                syllables = 1;
            } else if (rank < 1500) {
                syllables = 1 + random.nextInt(2);
            } else if (rank < 12000) {
                syllables = 1 + random.nextInt(3);
            } else {
                syllables = 2 + random.nextInt(3);
            }
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                sb.append(ONSETS[random.nextInt(ONSETS.length)]);
                sb.append(NUCLEI[random.nextInt(NUCLEI.length)]);
                if (s == syllables - 1 || random.nextInt(3) == 0) {
                    sb.append(CODAS[random.nextInt(CODAS.length)]);
                }
            }
            if (rank >= 100 && random.nextInt(100) < 2) {
                int at = random.nextInt(sb.length());
                sb.replace(at, at + 1, ACCENTED[random.nextInt(ACCENTED.length)]);
            }
            return sb.toString();
        }

        int sample(SplittableRandom random) {
            double u = random.nextDouble();
            int rank = guide[(int) (u * guide.length)];
            while (cdf[rank] <= u) {
                rank++;
            }
            return rank;
        }
    }

    private static final byte[] EM_DASH = " \u2014".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OPEN_QUOTE = "\u201c".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE_QUOTE = "\u201d".getBytes(StandardCharsets.UTF_8);
    private static final byte[] POSSESSIVE = "\u2019s".getBytes(StandardCharsets.UTF_8);

    /** About {@value #TEXT_CHUNK} bytes of prose: whole paragraphs, ending with a complete line. */
    private static Chunk textChunk(Vocabulary vocabulary, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[TEXT_CHUNK + 4096];
        byte[] token = new byte[256];
        int pos = 0;
        int column = 0;
        int width = 60 + random.nextInt(16);
        boolean sentenceStart = true;
        boolean inQuote = false;
        while (true) {
            int t = 0;
            int roll = random.nextInt(1000);
            if (!inQuote && roll < 8) {
                System.arraycopy(OPEN_QUOTE, 0, token, t, OPEN_QUOTE.length);
                t += OPEN_QUOTE.length;
                inQuote = true;
            }
            if (roll >= 995) {
                String number = Integer.toString(random.nextInt(roll == 999 ? 2000 : 100) + 1);
                for (int i = 0; i < number.length(); i++) {
                    token[t++] = (byte) number.charAt(i);
                }
            } else {
                int rank = vocabulary.sample(random);
                byte[] word = sentenceStart ? vocabulary.capital[rank] : vocabulary.lower[rank];
                System.arraycopy(word, 0, token, t, word.length);
                t += word.length;
            }
            sentenceStart = false;
            int punct = random.nextInt(1000);
            boolean endSentence = false;
            if (punct < 60) {
                token[t++] = ',';
            } else if (punct < 115) {
                token[t++] = '.';
                endSentence = true;
            } else if (punct < 120) {
                token[t++] = '?';
                endSentence = true;
            } else if (punct < 124) {
                token[t++] = '!';
                endSentence = true;
            } else if (punct < 130) {
                token[t++] = ';';
            } else if (punct < 133) {
                token[t++] = ':';
            } else if (punct < 143) {
                System.arraycopy(POSSESSIVE, 0, token, t, POSSESSIVE.length);
                t += POSSESSIVE.length;
            } else if (punct < 148) {
                token[t++] = '\'';
                token[t++] = 's';
            } else if (punct < 152) {
                System.arraycopy(EM_DASH, 0, token, t, EM_DASH.length);
                t += EM_DASH.length;
            } else if (punct < 156) {
                token[t++] = '-';
                int rank = vocabulary.sample(random);
                System.arraycopy(vocabulary.lower[rank], 0, token, t, vocabulary.lower[rank].length);
                t += vocabulary.lower[rank].length;
            }
            if (inQuote && (endSentence || punct == 999)) {
                System.arraycopy(CLOSE_QUOTE, 0, token, t, CLOSE_QUOTE.length);
                t += CLOSE_QUOTE.length;
                inQuote = false;
            }
            if (column > 0 && column + 1 + t > width) {
                out[pos++] = '\n';
                column = 0;
                width = 60 + random.nextInt(16);
                if (pos >= TEXT_CHUNK) {
                    return new Chunk(out, pos);
                }
            }
            if (column > 0) {
                out[pos++] = ' ';
                column++;
            }
            System.arraycopy(token, 0, out, pos, t);
            pos += t;
            column += t;
            if (endSentence) {
                sentenceStart = true;
                if (random.nextInt(100) < 12) {
                    if (inQuote) {
                        System.arraycopy(CLOSE_QUOTE, 0, out, pos, CLOSE_QUOTE.length);
                        pos += CLOSE_QUOTE.length;
                        inQuote = false;
                    }
                    out[pos++] = '\n';
                    out[pos++] = '\n';
                    column = 0;
                    width = 60 + random.nextInt(16);
                    if (pos >= TEXT_CHUNK) {
                        return new Chunk(out, pos);
                    }
                }
            }
        }
    }
}

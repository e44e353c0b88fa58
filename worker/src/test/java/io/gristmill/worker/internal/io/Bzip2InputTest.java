package io.gristmill.worker.internal.io;

import io.gristmill.api.InputSplit;
import io.gristmill.api.MutableLong;
import io.gristmill.api.RecordReader;
import io.gristmill.api.Text;
import io.gristmill.api.TextInputFormat;
import io.gristmill.cluster.io.LocalStorage;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bzip2 input split at block boundaries: cut into splits of every size, a file's lines are each read exactly once,
 * in order, whether a line straddles two blocks, a block ends right after a newline, or blocks are empty. Block
 * boundaries are placed exactly by concatenating bzip2 streams (each stream's data is one block), and a large file
 * shows the same for the blocks the compressor cuts itself.
 */
class Bzip2InputTest {
    private static final TextInputFormat TEXT = new TextInputFormat(1 << 20, 1);

    @TempDir
    Path dir;

    @Test
    void blocksEndingMidLineAfterANewlineAndOnEmptyLines_eachLineReadOnceForEverySplitSize() throws IOException {
        assertEverySplitSizeReadsEachLineOnce(List.of("alpha\nbra", "vo\ncharlie\n", "delta\n", "\necho", "\n",
                "fox", "trot\n\n", "golf"));
    }

    @Test
    void fileStartingWithNewlinesAndEndingWithoutOne_eachLineReadOnceForEverySplitSize() throws IOException {
        assertEverySplitSizeReadsEachLineOnce(List.of("\n", "\n\nx", "y\r", "\nz"));
    }

    @Test
    void oneBlockFile_isReadWholeBySplitZero() throws IOException {
        assertEverySplitSizeReadsEachLineOnce(List.of("just\none\nblock\n"));
    }

    @Test
    void largeFileWithBlocksCutByTheCompressor_eachLineReadOnceWhereverSplitsStart() throws IOException {
        byte[] text = randomLines(new Random(7), 450_000);
        Path file = dir.resolve("large.bz2");
        Files.write(file, bzip2(text, 1));
        List<Long> blockStarts = blockStarts(file);
        assertTrue(blockStarts.size() >= 4, "several blocks: " + blockStarts);
        long size = Files.size(file);
        TreeSet<Long> sizes = new TreeSet<>(List.of(997L, 4096L, 20_000L, size / 3, size / 2, size - 1, size, size + 1));
        for (long start : blockStarts.subList(1, blockStarts.size())) { // splits starting at, before and after a block
            for (long d = -1; d <= 1; d++) {
                {
                    sizes.add(start + d);
                }
            }
        }
        List<String> expected = expectedLines(text);
        for (long splitSize : sizes) {
            assertEquals(expected, readAll(file, splitSize), "split size " + splitSize);
        }
    }

    @Test
    void truncatedFile_failsNamingFileAndOffset() throws IOException {
        byte[] whole = bzip2(randomLines(new Random(3), 200_000), 1);
        Path file = dir.resolve("truncated.bz2");
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 40));
        IOException e = assertThrows(IOException.class, () -> readAll(file, Files.size(file)));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("near compressed byte"),
                e.getMessage());
    }

    @Test
    void corruptBlock_failsNamingFileAndOffset() throws IOException {
        byte[] bytes = bzip2(randomLines(new Random(4), 50_000), 1);
        bytes[bytes.length / 2] ^= 0x55;
        Path file = dir.resolve("corrupt.bz2");
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> readAll(file, Files.size(file)));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("near compressed byte"),
                e.getMessage());
    }

    @Test
    void notBzip2_failsNamingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.bz2"), "hello\nworld\n");
        IOException e = assertThrows(IOException.class, () -> readAll(file, 100));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("BZh"), e.getMessage());
    }

    /** Compresses each chunk as a stream of its own (one block each), concatenated, and checks every split size. */
    private void assertEverySplitSizeReadsEachLineOnce(List<String> chunks) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (String chunk : chunks) {
            byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
            file.writeBytes(bzip2(bytes, 9));
            text.writeBytes(bytes);
        }
        Path path = Files.write(dir.resolve("chunks-" + chunks.hashCode() + ".bz2"), file.toByteArray());
        List<String> expected = expectedLines(text.toByteArray());
        for (long size = 1; size <= file.size() + 1; size++) {
            assertEquals(expected, readAll(path, size), "split size " + size);
        }
    }

    /** Every line of every split of {@code splitSize} bytes, in order; keys must not decrease within a split. */
    private static List<String> readAll(Path file, long splitSize) throws IOException {
        long length = Files.size(file);
        List<String> lines = new ArrayList<>();
        for (long start = 0; start < length; start += splitSize) {
            InputSplit split = new InputSplit(file.toString(), start, Math.min(splitSize, length - start));
            try (RecordReader<MutableLong, Text> reader = TEXT.createReader(TaskFiles.local().openSplit(split), null)) {
                long lastKey = -1;
                while (reader.next()) {
                    lines.add(reader.value().toString());
                    assertTrue(reader.key().get() >= lastKey, "keys increase");
                    lastKey = reader.key().get();
                }
                assertEquals(1f, reader.progress(), 0.0001f, "progress at the end of split " + split);
            }
        }
        return lines;
    }

    private static List<Long> blockStarts(Path file) throws IOException {
        List<Long> starts = new ArrayList<>();
        Bzip2Blocks blocks = new Bzip2Blocks(LocalStorage.INSTANCE.openRead(file.toString(), 0), 0);
        long bit = 0;
        for (long m = blocks.nextMarker(bit); m != Long.MIN_VALUE; m = blocks.nextMarker(bit)) {
            if (m >= 0) {
                starts.add(m >>> 3);
            }
            bit = (m >= 0 ? m : -m - 1) + 48;
        }
        blocks.close();
        return starts;
    }

    static byte[] bzip2(byte[] data, int blockSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, blockSize)) {
            bz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] randomLines(Random random, int bytes) {
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes) {
            int words = random.nextInt(12);
            for (int w = 0; w < words; w++) {
                int len = 1 + random.nextInt(9);
                for (int i = 0; i < len; i++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                text.append(' ');
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The lines the text rules give: split on \n, a \r before it stripped, no empty last line. */
    private static List<String> expectedLines(byte[] content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            boolean newline = i < content.length && content[i] == '\n';
            if (newline || (i == content.length && start < content.length)) {
                int end = newline && i > start && content[i - 1] == '\r' ? i - 1 : i;
                lines.add(new String(content, start, end - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return lines;
    }
}

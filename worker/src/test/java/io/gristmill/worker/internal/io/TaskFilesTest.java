package io.gristmill.worker.internal.io;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.gristmill.api.InputSplit;
import io.gristmill.api.MutableLong;
import io.gristmill.api.RecordReader;
import io.gristmill.api.Text;
import io.gristmill.api.TextInputFormat;
import io.gristmill.cluster.io.Compression;
import io.gristmill.cluster.io.LocalStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gzip and zstd input is decompressed whole, fails clearly when damaged; output is compressed as asked. */
class TaskFilesTest {
    @TempDir
    Path dir;

    private final byte[] text = Bzip2InputTest.randomLines(new Random(1), 300_000);

    @Test
    void gzipAndZstdFiles_areReadDecompressedWithOffsetsInTheDecompressedData() throws IOException {
        for (Path file : List.of(write("a.txt.gz", gzip(text)), write("a.txt.zst", zstd(text)))) {
            List<String> lines = readLines(file);
            assertEquals(new String(text, StandardCharsets.UTF_8), String.join("\n", lines) + "\n", file.toString());
        }
    }

    @Test
    void concatenatedGzipMembers_areReadAsOneFile() throws IOException {
        byte[] two = concat(gzip("one\n".getBytes(StandardCharsets.UTF_8)), gzip("two\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("one", "two"), readLines(write("two.gz", two)));
    }

    @Test
    void truncatedGzipAndZstd_failNamingFileAndOffset() throws IOException {
        for (Path file : List.of(write("t.gz", cut(gzip(text))), write("t.zst", cut(zstd(text))))) {
            IOException e = assertThrows(IOException.class, () -> readLines(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("near compressed byte"),
                    e.getMessage());
        }
    }

    @Test
    void corruptGzipAndZstd_failNamingFileAndOffset() throws IOException {
        for (Path file : List.of(write("c.gz", flip(gzip(text))), write("c.zst", flip(zstd(text))),
                write("header.gz", "not gzip at all\n".getBytes(StandardCharsets.UTF_8)))) {
            IOException e = assertThrows(IOException.class, () -> readLines(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("near compressed byte"),
                    e.getMessage());
        }
    }

    @Test
    void aGzipSplitNotStartingAtZero_isRefusedNamingTheFile() throws IOException {
        Path file = write("s.gz", gzip(text));
        IOException e = assertThrows(IOException.class,
                () -> TaskFiles.local().openSplit(new InputSplit(file.toString(), 10, 20)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void outputIsCompressedAsAsked() throws IOException {
        for (Compression codec : List.of(Compression.NONE, Compression.GZIP, Compression.ZSTD)) {
            Path file = dir.resolve("out" + codec.extension());
            try (OutputStream out = new TaskFiles(LocalStorage.INSTANCE, codec).createOutput(file.toString())) {
                out.write(text);
                out.close(); // the writer closes, then the engine does: the second close is harmless
            }
            try (InputStream in = switch (codec) {
                case GZIP -> new GZIPInputStream(Files.newInputStream(file));
                case ZSTD -> new ZstdInputStream(Files.newInputStream(file));
                default -> Files.newInputStream(file);
            }) {
                assertTrue(Arrays.equals(text, in.readAllBytes()), codec.toString());
            }
        }
    }

    private List<String> readLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        InputSplit split = new InputSplit(file.toString(), 0, Files.size(file));
        try (RecordReader<MutableLong, Text> reader = new TextInputFormat().createReader(TaskFiles.local().openSplit(split), null)) {
            long expectedKey = 0;
            while (reader.next()) {
                assertEquals(expectedKey, reader.key().get(), "key = offset in the decompressed data");
                lines.add(reader.value().toString());
                expectedKey += reader.value().length() + 1;
            }
        }
        return lines;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.setChecksum(true); // as the zstd command writes by default; without it corruption may go unseen
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] cut(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length * 2 / 3);
    }

    private static byte[] flip(byte[] bytes) {
        byte[] copy = bytes.clone();
        for (int i = copy.length / 2; i < copy.length / 2 + 64; i++) {
            copy[i] ^= 0x5a;
        }
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}

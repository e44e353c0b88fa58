package io.gristmill.coordinator.internal.input;

import io.gristmill.api.InputSplit;
import io.gristmill.api.MutableLong;
import io.gristmill.api.RecordReader;
import io.gristmill.api.Text;
import io.gristmill.api.TextInputFormat;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SplitterTest {
    /** 2-, 3- and 4-byte UTF-8, CRLF and LF endings, empty lines, a lone CR, and no final newline. */
    private static final String TRICKY = "\nh\u00e9llo w\u00f6rld\r\n\r\n\u4e16\u754c\u3053\u3093\u306b\u3061\u306f\n"
            + "emoji \uD83D\uDE00\uD83C\uDF89 end\r\n\n\nlone\rcr inside\r\n\u00df\u20ac\uD834\uDD1E\nlast line";

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void whenEverySplitSizeIsUsed_thenEachLineIsReadExactlyOnce() throws IOException {
        byte[] content = TRICKY.getBytes(StandardCharsets.UTF_8);
        Path file = write("tricky.txt", content);
        List<String> expected = referenceLines(file.toString(), content);
        for (long size = 1; size <= content.length + 1; size++) {
            assertEquals(expected, readAll(Splitter.split(List.of(file), size)), "split size " + size);
        }
    }

    @Test
    void whenTheFileEndsWithANewline_thenNoEmptyLastLineIsRead() throws IOException {
        byte[] content = "a\r\nb\n\n".getBytes(StandardCharsets.UTF_8);
        Path file = write("trailing.txt", content);
        List<String> expected = List.of(file + "@0:a", file + "@3:b", file + "@5:");
        for (long size = 1; size <= content.length + 1; size++) {
            assertEquals(expected, readAll(Splitter.split(List.of(file), size)), "split size " + size);
        }
    }

    @Test
    void whenManyFilesIncludingEmptyOnesAreSplit_thenEveryLineOfEveryFileIsReadOnceInFileOrder()
            throws IOException {
        Random random = new Random(42);
        List<Path> files = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] content = i % 4 == 0 ? new byte[0] : randomLines(random, 1 + random.nextInt(60));
            Path file = write("f" + i + ".txt", content);
            files.add(file);
            expected.addAll(referenceLines(file.toString(), content));
        }
        for (long size : new long[] {1, 2, 3, 7, 16, 50, 99, 1000, 1 << 20}) {
            assertEquals(expected, readAll(Splitter.split(files, size)), "split size " + size);
        }
    }

    @Test
    void whenLinesAreLongerThanTheReadBuffer_thenEachLineIsStillReadExactlyOnce() throws IOException {
        String longLine = "\u00e9".repeat(1_300_000);
        byte[] content = ("short\n" + longLine + "\r\nmiddle\n" + longLine + "x\nend").getBytes(StandardCharsets.UTF_8);
        Path file = write("long.txt", content);
        List<String> expected = referenceLines(file.toString(), content);
        for (long size : new long[] {(1 << 20) - 1, 1 << 20, (1 << 20) + 1, 1_500_000, 2_600_007, content.length}) {
            assertEquals(expected, readAll(Splitter.split(List.of(file), size)), "split size " + size);
        }
    }

    @Test
    void whenAFileIsEmpty_thenItYieldsNoSplit() throws IOException {
        Path empty = write("empty.txt", new byte[0]);
        assertEquals(List.of(), Splitter.split(List.of(empty), 10));
    }

    @Test
    void whenTheRemainderIsUnderTenPercent_thenItIsMergedIntoTheLastSplit() throws IOException {
        Path file = write("f.txt", new byte[2050]);
        String p = file.toString();
        assertEquals(List.of(new InputSplit(p, 0, 1000), new InputSplit(p, 1000, 1050)),
                Splitter.split(List.of(file), 1000));
    }

    @Test
    void whenTheRemainderIsOverTenPercent_thenItIsItsOwnSplit() throws IOException {
        Path file = write("f.txt", new byte[2200]);
        String p = file.toString();
        assertEquals(List.of(new InputSplit(p, 0, 1000), new InputSplit(p, 1000, 1000),
                new InputSplit(p, 2000, 200)), Splitter.split(List.of(file), 1000));
    }

    @Test
    void whenAFileIsNotSplittable_thenItIsOneSplit() throws IOException {
        Path file = write("f.gz", new byte[5000]);
        assertEquals(List.of(new InputSplit(file.toString(), 0, 5000)),
                Splitter.split(List.of(file), 100, path -> !path.endsWith(".gz")));
    }

    @Test
    void whenTheSplitSizeIsNotPositive_thenItIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Splitter.split(List.of(), 0));
    }

    private static byte[] randomLines(Random random, int lines) {
        String[] pieces = {"a", "\u00e9", "\u4e16", "\uD83D\uDE00", " ", "\r"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++) {
            for (int n = random.nextInt(8); n > 0; n--) {
                out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
            }
            if (i < lines - 1 || random.nextBoolean()) {
                out.writeBytes(random.nextBoolean() ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
            }
        }
        return out.toByteArray();
    }

    /** The lines of a whole file by the simplest rule: cut at '\n', drop one '\r' before it. */
    private static List<String> referenceLines(String path, byte[] content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            boolean atEnd = i == content.length;
            if (atEnd && start == content.length) {
                break;
            }
            if (atEnd || content[i] == '\n') {
                int end = !atEnd && i > start && content[i - 1] == '\r' ? i - 1 : i;
                lines.add(path + "@" + start + ":" + new String(content, start, end - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return lines;
    }

    private static List<String> readAll(List<InputSplit> splits) throws IOException {
        List<String> lines = new ArrayList<>();
        TextInputFormat format = new TextInputFormat();
        for (InputSplit split : splits) {
            try (RecordReader<MutableLong, Text> reader = format.createReader(
                    io.gristmill.api.testkit.TestSplits.of(java.nio.file.Path.of(split.path()), split.start(), split.length()), null)) {
                while (reader.next()) {
                    lines.add(split.path() + "@" + reader.key().get() + ":" + reader.value());
                }
            }
        }
        return lines;
    }
}

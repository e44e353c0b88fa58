package io.gristmill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.gristmill.api.testkit.TestSplits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineRecordReaderTest {
    private static final int[] BUFFER_SIZES = {1, 2, 3, 5, 16, 1 << 20};

    @TempDir
    Path dir;

    private record Line(long offset, String text) {
    }

    /** The lines the spec says a file holds: split on \n, a \r right before \n stripped, no empty last line. */
    private static List<Line> expectedLines(byte[] content) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            boolean newline = i < content.length && content[i] == '\n';
            if (newline || (i == content.length && start < content.length)) {
                int end = newline && i > start && content[i - 1] == '\r' ? i - 1 : i;
                lines.add(new Line(start, new String(content, start, end - start, StandardCharsets.UTF_8)));
                start = i + 1;
            }
        }
        return lines;
    }

    private Path write(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "input", ".txt"), content);
    }

    private static List<Line> readSplit(Path file, long start, long length, int maxLine, int buffer)
            throws IOException {
        List<Line> lines = new ArrayList<>();
        try (LineRecordReader reader = new LineRecordReader(TestSplits.of(file, start, length), maxLine,
                buffer)) {
            while (reader.next()) {
                lines.add(new Line(reader.key().get(), reader.value().toString()));
            }
            assertFalse(reader.next(), "next() after the end");
        }
        return lines;
    }

    /** Cuts the file into consecutive splits of every size and checks each line is read once, in order. */
    private void assertEverySplitSizeReadsEachLineOnce(String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path file = write(bytes);
        List<Line> expected = expectedLines(bytes);
        for (int buffer : BUFFER_SIZES) {
            for (int size = 1; size <= bytes.length + 1; size++) {
                List<Line> actual = new ArrayList<>();
                for (long start = 0; start < Math.max(1, bytes.length); start += size) {
                    actual.addAll(readSplit(file, start, Math.min(size, bytes.length - start), 1 << 20, buffer));
                }
                assertEquals(expected, actual, "split size " + size + ", buffer " + buffer);
            }
        }
    }

    @Test
    void asciiLinesAreEachReadByExactlyOneSplit() throws IOException {
        assertEverySplitSizeReadsEachLineOnce("the quick\nbrown fox\njumps\nover the lazy dog\n");
    }

    @Test
    void multiByteCharactersStraddlingSplitBoundariesStayWhole() throws IOException {
        assertEverySplitSizeReadsEachLineOnce("é\nçà€\n\ud83d\ude00x\n€€€\n\ud800\udc00\nñ");
    }

    @Test
    void crlfLineEndingsLoseTheirCarriageReturnOnly() throws IOException {
        assertEverySplitSizeReadsEachLineOnce("a\r\nb\rc\r\n\r\n\rd\r\r\ne\r");
        byte[] bytes = "a\r\nb\rc\r\n\r\ne\r".getBytes(StandardCharsets.UTF_8);
        List<String> texts = readSplit(write(bytes), 0, bytes.length, 100, 2).stream().map(Line::text).toList();
        assertEquals(List.of("a", "b\rc", "", "e\r"), texts);
    }

    @Test
    void lastLineWithoutNewlineIsRead() throws IOException {
        assertEverySplitSizeReadsEachLineOnce("first\nsecond\nno newline at end");
    }

    @Test
    void emptyLinesAreRecords() throws IOException {
        assertEverySplitSizeReadsEachLineOnce("\n\n\na\n\nb\n\n");
        assertEverySplitSizeReadsEachLineOnce("\n");
        assertEverySplitSizeReadsEachLineOnce("\r\n");
    }

    @Test
    void emptyFileHasNoLines() throws IOException {
        Path file = write(new byte[0]);
        for (int buffer : BUFFER_SIZES) {
            assertEquals(List.of(), readSplit(file, 0, 0, 10, buffer));
            assertEquals(List.of(), readSplit(file, 0, 5, 10, buffer));
        }
    }

    @Test
    void linesLongerThanTheBufferAreReadWhole() throws IOException {
        String longLine = "x".repeat(5000);
        assertEquals(List.of(new Line(0, longLine), new Line(5001, "y")),
                readSplit(write((longLine + "\ny\n").getBytes(StandardCharsets.UTF_8)), 0, 5003, 1 << 20, 7));
    }

    @Test
    void whenLineIsLongerThanMaxLineLength_thenIOExceptionNamesFileAndOffset() throws IOException {
        byte[] bytes = "ok\n0123456789A\nok\n".getBytes(StandardCharsets.UTF_8);
        Path file = write(bytes);
        for (int buffer : BUFFER_SIZES) {
            IOException e = assertThrows(IOException.class, () -> readSplit(file, 0, bytes.length, 10, buffer));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("byte 3 "), e.getMessage());
            assertTrue(e.getMessage().contains("maxLineLength (10 bytes)"), e.getMessage());
        }
    }

    @Test
    void whenLineIsExactlyMaxLineLengthWithCrLf_thenItIsRead() throws IOException {
        byte[] bytes = "0123456789\r\n0123456789".getBytes(StandardCharsets.UTF_8);
        for (int buffer : BUFFER_SIZES) {
            List<Line> lines = readSplit(write(bytes), 0, bytes.length, 10, buffer);
            assertEquals(List.of(new Line(0, "0123456789"), new Line(12, "0123456789")), lines);
        }
    }

    @Test
    void whenTooLongLineBelongsToAnEarlierSplit_thenLaterSplitsSkipItWithoutFailing() throws IOException {
        byte[] bytes = "0123456789ABCDEF\nok\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(new Line(17, "ok")), readSplit(write(bytes), 5, bytes.length - 5, 4, 2));
    }

    @Test
    void progressAndBytesReadReachTheEndOfTheSplit() throws IOException {
        byte[] bytes = "ab\ncd\nef\n".getBytes(StandardCharsets.UTF_8);
        try (LineRecordReader reader = new LineRecordReader(TestSplits.of(write(bytes), 0, 6), 10)) {
            assertEquals(0f, reader.progress());
            while (reader.next()) {
                assertTrue(reader.progress() <= 1f);
            }
            assertEquals(1f, reader.progress());
            assertEquals(6, reader.bytesRead());
        }
    }

    @Test
    void textInputFormatCreatesALineReader() throws IOException {
        byte[] bytes = "x\ny".getBytes(StandardCharsets.UTF_8);
        try (RecordReader<MutableLong, Text> reader = new TextInputFormat(5).createReader(TestSplits.of(write(bytes)), null)) {
            assertTrue(reader.next());
            assertEquals("x", reader.value().toString());
            assertTrue(reader.next());
            assertEquals(2L, reader.key().get());
            assertFalse(reader.next());
        }
    }

    @Test
    void theTestKitReadsAGzipFileWholeAndDecompressed() throws IOException {
        Path file = dir.resolve("lines.txt.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
        }
        List<Line> lines = new ArrayList<>();
        try (RecordReader<MutableLong, Text> reader = new TextInputFormat().createReader(TestSplits.of(file), null)) {
            while (reader.next()) {
                lines.add(new Line(reader.key().get(), reader.value().toString()));
            }
        }
        assertEquals(List.of(new Line(0, "one"), new Line(4, "two")), lines);
    }
}

package io.gristmill.api;

import io.gristmill.api.testkit.TestSplits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvInputFormatTest {
    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "in", ".csv"), content, StandardCharsets.UTF_8);
    }

    private static List<List<String>> read(CsvInputFormat format, Path file, long start, long length) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (RecordReader<MutableLong, CsvRecord> reader = format.createReader(TestSplits.of(file, start, length), null)) {
            while (reader.next()) {
                records.add(List.copyOf(reader.value().fields()));
            }
        }
        return records;
    }

    private static List<List<String>> readAll(CsvInputFormat format, Path file) throws IOException {
        return read(format, file, 0, Files.size(file));
    }

    @Test
    void rfc4180QuotedFieldsHoldDelimitersDoubledQuotesAndNewlines() throws IOException {
        Path file = write("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,\"\"\nlast,\"x\"\"\"");
        assertEquals(List.of(List.of("a", "b,c", "say \"hi\""), List.of("multi\nline", "", ""), List.of("last", "x\"")),
                readAll(new CsvInputFormat(), file));
    }

    @Test
    void emptyLinesAreNotRecordsButAQuotedEmptyFieldIs() throws IOException {
        Path file = write("\n\r\na\n\n\"\"\n");
        assertEquals(List.of(List.of("a"), List.of("")), readAll(new CsvInputFormat(), file));
    }

    @Test
    void headerNamesTheColumnsAndIsNotARecord() throws IOException {
        Path file = write("name,age\nada,36\nalan\n");
        CsvInputFormat format = CsvInputFormat.fromParams(Map.of(CsvInputFormat.HEADER, "true"));
        List<String> ages = new ArrayList<>();
        try (RecordReader<MutableLong, CsvRecord> reader = format.createReader(TestSplits.of(file), null)) {
            while (reader.next()) {
                ages.add(reader.value().get("name") + "=" + reader.value().get("age"));
            }
            assertThrows(IllegalArgumentException.class, () -> reader.value().get("height"));
        }
        assertEquals(List.of("ada=36", "alan=null"), ages);
        assertFalse(format.isSplittable(file.toString()), "with a header, a file is one split");
    }

    @Test
    void byDefaultAFileIsOneSplit_becauseAQuotedNewlineCannotBeToldApartMidFile() {
        assertFalse(new CsvInputFormat().isSplittable("x.csv"));
        assertTrue(new CsvInputFormat().splittable(true).isSplittable("x.csv"));
    }

    @Test
    void splittableCsvWithoutQuotedNewlines_readsEachRecordOnceForEverySplitSize() throws IOException {
        String content = "a,\"b,\"\"c\"\"\"\r\n\nd,e\n\"f\",g,\"\"\nh";
        Path file = write(content);
        CsvInputFormat format = new CsvInputFormat().splittable(true);
        List<List<String>> expected = readAll(format, file);
        assertEquals(4, expected.size(), expected.toString());
        long size = Files.size(file);
        for (long splitSize = 1; splitSize <= size + 1; splitSize++) {
            List<List<String>> actual = new ArrayList<>();
            for (long start = 0; start < size; start += splitSize) {
                actual.addAll(read(format, file, start, Math.min(splitSize, size - start)));
            }
            assertEquals(expected, actual, "split size " + splitSize);
        }
    }

    @Test
    void splittableCsvWithAQuotedNewline_failsNamingFileAndOffset() throws IOException {
        Path file = write("ok,1\n\"broken\nfield\",2\n");
        IOException e = assertThrows(IOException.class, () -> readAll(new CsvInputFormat().splittable(true), file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("byte 5 "), e.getMessage());
    }

    @Test
    void textAfterAClosingQuote_isABadRecordAndReadingGoesOnAfterIt() throws IOException {
        Path file = write("a\n\"x\"y,z\nb\n");
        try (RecordReader<MutableLong, CsvRecord> reader = new CsvInputFormat().createReader(TestSplits.of(file), null)) {
            assertTrue(reader.next());
            BadRecordException bad = assertThrows(BadRecordException.class, reader::next);
            assertEquals(2, bad.position());
            assertTrue(bad.getMessage().contains(file.toString()) && bad.getMessage().contains("byte 2 "), bad.getMessage());
            assertTrue(reader.next());
            assertEquals("b", reader.value().get(0));
            assertFalse(reader.next());
        }
    }

    @Test
    void aQuotedFieldOpenAtTheEndOfTheFile_isABadRecord() throws IOException {
        Path file = write("a\n\"never closed\nb\n");
        try (RecordReader<MutableLong, CsvRecord> reader = new CsvInputFormat().createReader(TestSplits.of(file), null)) {
            assertTrue(reader.next());
            assertThrows(BadRecordException.class, reader::next);
            assertFalse(reader.next());
        }
    }

    @Test
    void tabDelimiterFromParams() throws IOException {
        Path file = write("a\tb,c\n");
        assertEquals(List.of(List.of("a", "b,c")),
                readAll(CsvInputFormat.fromParams(Map.of(CsvInputFormat.DELIMITER, "\\t")), file));
        assertThrows(IllegalArgumentException.class, () -> CsvInputFormat.fromParams(Map.of(CsvInputFormat.DELIMITER, ";;")));
        assertThrows(IllegalArgumentException.class, () -> CsvInputFormat.fromParams(Map.of(CsvInputFormat.HEADER, "yes")));
    }
}

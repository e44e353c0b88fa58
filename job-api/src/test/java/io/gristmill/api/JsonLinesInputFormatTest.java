package io.gristmill.api;

import io.gristmill.api.testkit.TestSplits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLinesInputFormatTest {
    @TempDir
    Path dir;

    @Test
    void eachLineIsOneObjectOfJdkTypes() {
        Map<String, Object> o = JsonLinesInputFormat.parse(
                " {\"s\":\"a\\\"b\\u00e9\\n\",\"i\":-12,\"big\":123456789012345678901234,\"d\":1.5e2,\"t\":true,"
                        + "\"n\":null,\"a\":[1,{\"x\":[]}],\"o\":{}} ");
        assertEquals("a\"bé\n", o.get("s"));
        assertEquals(-12L, o.get("i"));
        assertEquals(new BigInteger("123456789012345678901234"), o.get("big"));
        assertEquals(150.0, o.get("d"));
        assertEquals(true, o.get("t"));
        assertTrue(o.containsKey("n") && o.get("n") == null);
        assertEquals(List.of(1L, Map.of("x", List.of())), o.get("a"));
        assertEquals(List.of("s", "i", "big", "d", "t", "n", "a", "o"), List.copyOf(o.keySet()));
    }

    @Test
    void malformedJsonIsRefusedSayingWhereAndWhat() {
        for (String bad : List.of("", "[1]", "\"s\"", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\":1}x", "{a:1}", "{\"a\":01}",
                "{\"a\":1.}", "{\"a\":\"\t\"}", "{\"a\":tru}", "{\"a\":1,\"a\":2}", "{\"a\":\"\\x\"}",
                "[".repeat(2000))) {
            assertThrows(IllegalArgumentException.class, () -> JsonLinesInputFormat.parse(bad), bad);
        }
    }

    @Test
    void aMalformedLineIsABadRecordNamingFileAndOffset_andReadingGoesOnAfterIt() throws IOException {
        Path file = Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n\n{broken\n  \n{\"a\":2}\n");
        List<Object> values = new ArrayList<>();
        try (RecordReader<MutableLong, Map<String, Object>> reader =
                     new JsonLinesInputFormat().createReader(TestSplits.of(file), null)) {
            assertTrue(reader.next());
            values.add(reader.value().get("a"));
            BadRecordException bad = assertThrows(BadRecordException.class, reader::next);
            assertEquals(9, bad.position());
            assertTrue(bad.getMessage().contains(file.toString()) && bad.getMessage().contains("byte 9 "), bad.getMessage());
            assertTrue(reader.next());
            values.add(reader.value().get("a"));
            assertEquals(20, reader.key().get());
            assertFalse(reader.next());
        }
        assertEquals(List.of(1L, 2L), values);
    }
}

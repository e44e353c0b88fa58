package io.gristmill.samples;

import io.gristmill.api.Job;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Text;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.gristmill.samples.TestTask.collector;
import static io.gristmill.samples.TestTask.offset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class WordCountTest {

    private static List<String> words(byte[] line) throws IOException {
        List<String> out = new ArrayList<>();
        new WordCount.WordMapper().map(offset(0), new Text().wrap(line, 0, line.length), collector(out));
        return out.stream().map(pair -> pair.substring(0, pair.indexOf('\t'))).toList();
    }

    private static List<String> words(String line) throws IOException {
        return words(line.getBytes(StandardCharsets.UTF_8));
    }

    /** The definition, straight from the Javadoc, on a decoded String. */
    private static List<String> referenceWords(byte[] line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        new String(line, StandardCharsets.UTF_8).codePoints().forEach(cp -> {
            if (Character.isLetter(cp)) {
                word.appendCodePoint(cp);
            } else if (word.length() > 0) {
                out.add(word.toString());
                word.setLength(0);
            }
        });
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    @Test
    void whenAWordHasAnApostrophe_thenItIsTwoWords() throws IOException {
        assertEquals(List.of("don", "t"), words("don't"));
    }

    @Test
    void whenDigitsAndUnderscoresAppear_thenTheySeparateWords() throws IOException {
        assertEquals(List.of("abc", "def", "g"), words("abc1def_g 42 __"));
    }

    @Test
    void whenLettersAreAccentedOrCjk_thenTheyAreLetters() throws IOException {
        assertEquals(List.of("café", "naïve", "世界", "Ωμέγα", "straße"), words("café, naïve 世界! Ωμέγα-straße"));
    }

    @Test
    void whenLettersAreOutsideTheBasicPlane_thenTheyAreLetters() throws IOException {
        assertEquals(List.of("a\uD801\uDC00b"), words("a\uD801\uDC00b"));
    }

    @Test
    void whenEmojiAppear_thenTheySeparateWords() throws IOException {
        assertEquals(List.of("hi", "there"), words("hi\uD83D\uDE00there \uD83C\uDF89"));
    }

    @Test
    void whenCaseIsMixed_thenItIsKept() throws IOException {
        assertEquals(List.of("The", "the", "THE"), words("The the THE"));
    }

    @Test
    void whenTheLineIsEmptyOrHasNoLetters_thenNoWordIsEmitted() throws IOException {
        assertEquals(List.of(), words(""));
        assertEquals(List.of(), words("123 -- !?"));
    }

    @Test
    void whenBytesAreInvalidUtf8_thenTheySeparateWords() throws IOException {
        byte[] line = {'a', (byte) 0xff, 'b', (byte) 0xc3, 'c', (byte) 0xe4, (byte) 0xb8, 'd', (byte) 0xc0,
                (byte) 0x81, 'e', (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'f', (byte) 0xc3};
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), words(line));
    }

    @Test
    void whenRandomBytesAreScanned_thenTheFastPathAgreesWithTheDefinition() throws IOException {
        Random random = new Random(7);
        String[] pieces = {"a", "Z", "é", "ß", "世", "\uD801\uDC00", "\uD83D\uDE00", " ", "'", "9", "_", "\u0301"};
        for (int round = 0; round < 2000; round++) {
            byte[] line = randomLine(random, pieces);
            assertEquals(referenceWords(line), words(line), () -> "line " + java.util.Arrays.toString(line));
        }
    }

    private static byte[] randomLine(Random random, String[] pieces) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (line.length > 0 && random.nextInt(3) == 0) {
            line[random.nextInt(line.length)] = (byte) (0x80 + random.nextInt(0x80));
        }
        return line;
    }

    @Test
    void whenTheLineIsAViewIntoALargerBuffer_thenOnlyItsBytesAreScanned() throws IOException {
        byte[] buffer = "xxhello worldyy".getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        new WordCount.WordMapper().map(offset(0), new Text().wrap(buffer, 2, 11), collector(out));
        assertEquals(List.of("hello\t1", "world\t1"), out);
    }

    @Test
    void whenCountsAreReduced_thenTheyAreSummed() throws IOException {
        List<String> out = new ArrayList<>();
        List<MutableLong> counts = List.of(new MutableLong(3), new MutableLong(1), new MutableLong(5));
        new WordCount.SumReducer().reduce(new Text("word"), counts, collector(out));
        assertEquals(List.of("word\t9"), out);
    }

    @Test
    void whenDefined_thenCountsAreSummedAsLongsByTheBuiltInCombinerAndAReducer() {
        Job job = new WordCount().define(Map.of());
        assertSame(MergeCombiner.sumOfLongs(), job.mergeCombiner());
        assertFalse(job.isMapOnly());
    }
}

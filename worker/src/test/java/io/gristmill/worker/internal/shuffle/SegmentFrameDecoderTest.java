package io.gristmill.worker.internal.shuffle;

import io.gristmill.worker.internal.data.CorruptSegmentException;
import io.gristmill.worker.internal.data.PartitionInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentFrameDecoderTest {
    private static final List<String> IDS = List.of("m-00000-1", "m-00001-2", "m-00002-1");
    private static final List<byte[]> DATA = List.of("first partition".getBytes(StandardCharsets.US_ASCII),
            new byte[0], bytes(70_000));

    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final List<long[]> reported = new ArrayList<>();
    private final SegmentFrameDecoder decoder = new SegmentFrameDecoder(IDS, Channels.newChannel(file),
            (index, offset, length) -> reported.add(new long[] {index, offset, length}));

    @Test
    void everySegmentArrivesWholeInOrderWhereverTheBodyIsCut() throws Exception {
        byte[] body = body(IDS, DATA);
        for (int cut : new int[] {1, 2, 7, 31, 1000, body.length}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<long[]> segments = new ArrayList<>();
            SegmentFrameDecoder d = new SegmentFrameDecoder(IDS, Channels.newChannel(out),
                    (i, offset, length) -> segments.add(new long[] {i, offset, length}));
            for (int at = 0; at < body.length; at += cut) {
                d.feed(ByteBuffer.wrap(body, at, Math.min(cut, body.length - at)));
            }
            d.finish();
            assertEquals(3, segments.size(), "cut every " + cut);
            byte[] all = out.toByteArray();
            for (int i = 0; i < 3; i++) {
                long[] s = segments.get(i);
                assertEquals(i, s[0]);
                assertArrayEquals(DATA.get(i), Arrays.copyOfRange(all, (int) s[1], (int) (s[1] + s[2])));
            }
        }
    }

    @Test
    void aCorruptSegmentFailsNamingItsMapAndKeepsTheSegmentsBeforeIt() throws Exception {
        byte[] body = body(IDS, DATA);
        body[body.length - 5] ^= 0x20; // inside the third segment's data
        CorruptSegmentException e = assertThrows(CorruptSegmentException.class, () -> feedInChunks(body, 4096));
        assertTrue(e.getMessage().contains("CRC32C") && e.getMessage().contains("m-00002-1"), e.getMessage());
        assertEquals(2, reported.size(), "the two checked segments were reported, the corrupt one not");
        assertEquals("m-00002-1", decoder.current());
    }

    @Test
    void aBodyThatEndsInsideASegmentFailsAtTheEndNamingThatMap() throws Exception {
        byte[] body = body(IDS, DATA);
        feedInChunks(Arrays.copyOf(body, body.length - 1000), 8192);
        IOException e = assertThrows(IOException.class, decoder::finish);
        assertTrue(e.getMessage().contains("inside segment 3 of 3") && e.getMessage().contains("m-00002-1"),
                e.getMessage());
        assertEquals(2, decoder.completed());
        assertEquals(2, reported.size());
    }

    @Test
    void aBodyThatEndsInsideAHeaderOrBetweenSegmentsFails() throws Exception {
        byte[] first = body(IDS.subList(0, 1), DATA.subList(0, 1));
        feedInChunks(Arrays.copyOf(body(IDS, DATA), first.length + 3), 5);
        assertTrue(assertThrows(IOException.class, decoder::finish).getMessage().contains("inside segment 2"));

        SegmentFrameDecoder between = new SegmentFrameDecoder(IDS, Channels.newChannel(new ByteArrayOutputStream()),
                (i, offset, length) -> { });
        between.feed(ByteBuffer.wrap(first));
        assertTrue(assertThrows(IOException.class, between::finish).getMessage().contains("before segment 2"));
    }

    @Test
    void aSegmentOfAnotherMapThanAskedFails() {
        byte[] body = body(List.of("m-00000-1", "m-00009-1", "m-00002-1"), DATA);
        CorruptSegmentException e = assertThrows(CorruptSegmentException.class, () -> feedInChunks(body, 100));
        assertTrue(e.getMessage().contains("'m-00009-1'") && e.getMessage().contains("asked for m-00001-2"),
                e.getMessage());
    }

    @Test
    void bytesAfterTheLastSegmentOrABadMagicFail() {
        byte[] body = body(IDS, DATA);
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertThrows(CorruptSegmentException.class, () -> feedInChunks(longer, 100_000));
        byte[] badMagic = body.clone();
        badMagic[0] = 'X';
        SegmentFrameDecoder d = new SegmentFrameDecoder(IDS, Channels.newChannel(new ByteArrayOutputStream()),
                (i, offset, length) -> { });
        assertThrows(CorruptSegmentException.class, () -> d.feed(ByteBuffer.wrap(badMagic)));
    }

    private void feedInChunks(byte[] body, int chunk) throws IOException {
        for (int at = 0; at < body.length; at += chunk) {
            decoder.feed(ByteBuffer.wrap(body, at, Math.min(chunk, body.length - at)));
        }
    }

    /** A batch response body as the server frames it. */
    static byte[] body(List<String> ids, List<byte[]> data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < ids.size(); i++) {
            byte[] d = data.get(i);
            CRC32C crc = new CRC32C();
            crc.update(d);
            out.writeBytes(SegmentFrames.header(ids.get(i), new PartitionInfo(0, d.length, 1,
                    d.length == 0 ? 0 : crc.getValue())));
            out.writeBytes(d);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}

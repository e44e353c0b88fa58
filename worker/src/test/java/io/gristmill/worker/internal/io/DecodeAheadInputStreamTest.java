package io.gristmill.worker.internal.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeAheadInputStreamTest {

    @Test
    void theReaderGetsEveryByteInOrder_whateverTheChunkAndReadSizes() throws IOException {
        byte[] data = new byte[100_003];
        new Random(7).nextBytes(data);
        for (int chunk : new int[]{997, 4096, 100_003, 200_000}) {
            for (int read : new int[]{1, 3, 4096, 150_000}) {
                try (InputStream in = new DecodeAheadInputStream(new TrickleInputStream(data), "test", chunk, 3)) {
                    assertArrayEquals(data, readAll(in, read), "chunk " + chunk + ", reads of " + read);
                    assertEquals(-1, in.read(new byte[10], 0, 10), "the end stays the end");
                }
            }
        }
    }

    @Test
    void anEmptySource_endsAtOnce() throws IOException {
        try (InputStream in = new DecodeAheadInputStream(new ByteArrayInputStream(new byte[0]), "test", 16, 2)) {
            assertEquals(-1, in.read());
        }
    }

    @Test
    void whatDecodingThrows_reachesTheReaderAfterEveryByteDecodedBeforeIt() throws IOException {
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        InputStream failing = new InputStream() {
            private int left = data.length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    throw new IOException("Unexpected end of ZLIB input stream");
                }
                int n = Math.min(len, Math.min(left, 333));
                System.arraycopy(data, data.length - left, b, off, n);
                left -= n;
                return n;
            }
        };
        try (InputStream in = new DecodeAheadInputStream(failing, "test", 1024, 2)) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[100];
            IOException e = assertThrows(IOException.class, () -> {
                for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                    got.write(buffer, 0, n);
                }
            });
            assertEquals("Unexpected end of ZLIB input stream", e.getMessage());
            assertArrayEquals(data, got.toByteArray(), "every byte before the failure was handed over");
        }
    }

    @Test
    void closingBeforeTheEnd_stopsDecodingAndTheDecodingThreadClosesTheSource() throws Exception {
        CountDownLatch sourceClosed = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }

            @Override
            public void close() {
                sourceClosed.countDown();
            }
        };
        InputStream in = new DecodeAheadInputStream(endless, "test", 64, 2);
        assertEquals('x', in.read());
        in.close();
        assertTrue(sourceClosed.await(10, TimeUnit.SECONDS), "the source was closed once decoding stopped");
        assertThrows(IOException.class, () -> in.read(new byte[1000], 0, 1000));
    }

    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        for (int n; (n = in.read(buffer, 0, readSize)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Hands out a few bytes at a time, as a decompressor does. */
    private static final class TrickleInputStream extends ByteArrayInputStream {
        TrickleInputStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + pos % 5000));
        }
    }
}

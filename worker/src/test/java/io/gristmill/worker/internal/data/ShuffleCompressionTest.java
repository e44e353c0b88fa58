package io.gristmill.worker.internal.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Compressed map outputs: the index describes the compressed bytes; each segment decompresses to its partition. */
class ShuffleCompressionTest {
    @TempDir
    Path dir;

    @Test
    void eachPartitionBecomesOneFrameThatDecompressesToTheOriginalBytes_emptyOnesStayEmpty() throws IOException {
        byte[][] parts = {text(100_000, 1), new byte[0], text(7, 2), text(300_000, 3)};
        MapOutput plain = write(parts);

        MapOutput compressed = ShuffleCompression.compress(plain);

        assertFalse(Files.exists(plain.dataFile()), "the uncompressed data file is removed");
        assertEquals(compressed.partitions(), MapOutputIndex.read(compressed.indexFile()));
        byte[] data = Files.readAllBytes(compressed.dataFile());
        for (int p = 0; p < parts.length; p++) {
            PartitionInfo info = compressed.partitions().get(p);
            CRC32C crc = new CRC32C();
            crc.update(data, (int) info.offset(), (int) info.length());
            assertEquals(parts[p].length == 0 ? 0 : crc.getValue(), info.crc(), "CRC of the compressed bytes");
            assertEquals(plain.partitions().get(p).records(), info.records());
            Segment segment = ShuffleCompression.decompress(compressed.segment(p), dir, "p" + p);
            byte[] back = segment.length() == 0 ? new byte[0] : Arrays.copyOfRange(Files.readAllBytes(segment.file()),
                    (int) segment.offset(), (int) (segment.offset() + segment.length()));
            assertArrayEquals(parts[p], back, "partition " + p);
        }
        assertEquals(true, compressed.partitions().get(3).length() < parts[3].length / 2, "text compresses");
    }

    @Test
    void aDamagedSegment_failsNamingTheFileAndOffset() throws IOException {
        MapOutput compressed = ShuffleCompression.compress(write(new byte[][] {text(50_000, 4)}));
        byte[] data = Files.readAllBytes(compressed.dataFile());
        Files.write(compressed.dataFile(), Arrays.copyOf(data, data.length / 2));
        Segment cut = new Segment(compressed.dataFile(), 0, data.length / 2);
        CorruptSegmentException e = assertThrows(CorruptSegmentException.class,
                () -> ShuffleCompression.decompress(cut, dir, "cut"));
        assertEquals(true, e.getMessage().contains(compressed.dataFile().toString()), e.getMessage());
    }

    private MapOutput write(byte[][] parts) throws IOException {
        Path data = dir.resolve("m.data");
        List<PartitionInfo> infos = new java.util.ArrayList<>();
        long offset = 0;
        try (var out = Files.newOutputStream(data)) {
            for (byte[] part : parts) {
                CRC32C crc = new CRC32C();
                crc.update(part);
                infos.add(new PartitionInfo(offset, part.length, part.length / 10, part.length == 0 ? 0 : crc.getValue()));
                out.write(part);
                offset += part.length;
            }
        }
        Path index = dir.resolve("m.index");
        MapOutputIndex.write(index, infos);
        return new MapOutput(data, index, infos);
    }

    private static byte[] text(int bytes, long seed) {
        Random random = new Random(seed);
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (random.nextInt(8) == 0 ? ' ' : 'a' + random.nextInt(6));
        }
        return b;
    }
}

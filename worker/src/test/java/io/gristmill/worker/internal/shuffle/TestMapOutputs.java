package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.MapOutputIndex;
import io.gristmill.worker.internal.data.PartitionInfo;
import io.gristmill.worker.internal.data.RecordFormat;
import io.vertx.core.Future;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/** Writes small map outputs (framed records, data file + index) the way a map attempt does. */
final class TestMapOutputs {
    static final String SECRET = "s3cr3t-0123456789abcdef";

    private TestMapOutputs() {
    }

    /** A written map output: its files and each partition's bytes. */
    record Written(String attemptId, Path dataFile, Path indexFile, List<byte[]> partitions) {
        MapOutputLocation location(String workerId, int port) {
            return new MapOutputLocation(attemptId.replaceAll("-\\d+$", ""), attemptId, workerId, "127.0.0.1",
                    port, dataFile.toString(), indexFile.toString());
        }
    }

    /** Writes {@code recordsPerPartition[p]} records into partition {@code p} of map attempt {@code attemptId}. */
    static Written write(Path dir, String attemptId, int... recordsPerPartition) throws IOException {
        Files.createDirectories(dir);
        List<byte[]> partitions = new ArrayList<>();
        List<PartitionInfo> index = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int p = 0; p < recordsPerPartition.length; p++) {
            byte[] bytes = partition(attemptId, p, recordsPerPartition[p]);
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            index.add(new PartitionInfo(data.size(), bytes.length, recordsPerPartition[p],
                    bytes.length == 0 ? 0 : crc.getValue()));
            data.writeBytes(bytes);
            partitions.add(bytes);
        }
        Path dataFile = dir.resolve(attemptId + ".data");
        Path indexFile = dir.resolve(attemptId + ".index");
        Files.write(dataFile, data.toByteArray());
        MapOutputIndex.write(indexFile, index);
        return new Written(attemptId, dataFile, indexFile, partitions);
    }

    private static byte[] partition(String attemptId, int p, int records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[RecordFormat.MAX_HEADER];
        for (int i = 0; i < records; i++) {
            byte[] key = String.format("key-%08d", i).getBytes(StandardCharsets.UTF_8);
            byte[] value = (attemptId + "/" + p + "/" + i + "/" + "v".repeat(i % 50))
                    .getBytes(StandardCharsets.UTF_8);
            int n = RecordFormat.writeVarint(header, 0, key.length);
            n = RecordFormat.writeVarint(header, n, value.length);
            out.write(header, 0, n);
            out.writeBytes(key);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    static byte[] bytesOf(io.gristmill.worker.internal.data.Segment segment) throws IOException {
        byte[] all = Files.readAllBytes(segment.file());
        return Arrays.copyOfRange(all, (int) segment.offset(), (int) (segment.offset() + segment.length()));
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}

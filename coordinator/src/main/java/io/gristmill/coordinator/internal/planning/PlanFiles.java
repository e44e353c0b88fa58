package io.gristmill.coordinator.internal.planning;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files through which the coordinator and a planning process talk: a request the coordinator writes and a
 * result the planning process writes (to a temporary name, then renamed, so a process that dies half-way leaves no
 * result at all). A small binary format of our own: the planning process starts faster without a JSON library.
 */
final class PlanFiles {
    static final String REQUEST = "request.bin";
    static final String RESULT = "result.bin";
    static final String OUTPUT = "output.log";

    private static final int MAGIC = 0x47504c31; // "GPL1"
    private static final byte PLANNED = 1;
    private static final byte JOB_FAILED = 2;
    private static final byte PIPELINE_DEFINED = 3;

    private PlanFiles() {
    }

    /** What a planning process reported: a plan, or the job code's error. */
    record Outcome(PlanResult result, String error, String stackTrace) {
    }

    static void writeRequest(Path file, PlanRequest request) throws IOException {
        try (DataOutputStream out = output(file)) {
            out.writeInt(MAGIC);
            writeString(out, request.jar().toString());
            writeString(out, request.jobClass());
            writeMap(out, request.params());
            out.writeInt(request.reducers());
            out.writeInt(request.inputFiles().size());
            for (String input : request.inputFiles()) {
                writeString(out, input);
            }
            out.writeBoolean(request.pipeline());
        }
    }

    static PlanRequest readRequest(Path file) throws IOException {
        try (DataInputStream in = input(file)) {
            checkMagic(in, file);
            Path jar = Path.of(readString(in));
            String jobClass = readString(in);
            Map<String, String> params = readMap(in);
            int reducers = in.readInt();
            int count = in.readInt();
            List<String> inputs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                inputs.add(readString(in));
            }
            return new PlanRequest(jar, jobClass, params, reducers, inputs, in.readBoolean());
        }
    }

    static void writePlanned(Path file, PlanResult result) throws IOException {
        if (result.pipeline() != null) {
            writeAtomically(file, out -> {
                out.writeByte(PIPELINE_DEFINED);
                PipelineCodec.write(out, result.pipeline());
            });
            return;
        }
        writeAtomically(file, out -> {
            out.writeByte(PLANNED);
            writeMap(out, result.params());
            out.writeBoolean(result.mapOnly());
            out.writeLong(result.minSplitSize());
            out.writeInt(result.unsplittable().size());
            for (int index : result.unsplittable()) {
                out.writeInt(index);
            }
        });
    }

    static void writeJobFailed(Path file, String error, String stackTrace) throws IOException {
        writeAtomically(file, out -> {
            out.writeByte(JOB_FAILED);
            writeString(out, error);
            writeString(out, stackTrace);
        });
    }

    /** The outcome a planning process left, or null if it left none. */
    static Outcome readOutcome(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (DataInputStream in = input(file)) {
            checkMagic(in, file);
            byte kind = in.readByte();
            if (kind == JOB_FAILED) {
                return new Outcome(null, readString(in), readString(in));
            }
            if (kind == PIPELINE_DEFINED) {
                return new Outcome(PlanResult.of(PipelineCodec.read(in)), null, null);
            }
            Map<String, String> params = readMap(in);
            boolean mapOnly = in.readBoolean();
            long minSplitSize = in.readLong();
            int count = in.readInt();
            List<Integer> unsplittable = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                unsplittable.add(in.readInt());
            }
            return new Outcome(new PlanResult(params, mapOnly, minSplitSize, unsplittable), null, null);
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, Body body) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = output(temp)) {
            out.writeInt(MAGIC);
            body.write(out);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    private static DataInputStream input(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static void checkMagic(DataInputStream in, Path file) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException(file + " is not a planning file");
        }
    }

    static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    static Map<String, String> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    // Length-prefixed UTF-8 (DataOutput.writeUTF stops at 64 KiB, and a plan hook's parameters may be longer).
    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (256 << 20)) {
            throw new IOException("bad string length " + length + " in a planning file");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}

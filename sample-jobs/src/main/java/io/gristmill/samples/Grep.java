package io.gristmill.samples;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the lines that contain a match of a regular expression, like {@code grep -E}.
 *
 * <p>Parameter {@code pattern} (required): a {@link Pattern java.util.regex} expression, searched for anywhere
 * in each line ({@link Matcher#find()}). Output lines are {@code file:offset<TAB>line}, where {@code file} is the
 * input file's name (without folder) and {@code offset} the byte offset of the line in that file. All matches of
 * one file go to the same {@code part-r-*} file, sorted by offset; within a part, files are in UTF-8 byte order.
 * Two input files with the same name in different folders are listed together under that name.
 *
 * <p>Intermediate key: the file name's UTF-8 bytes, a NUL byte (file names never contain one), then the offset as
 * 8 big-endian bytes, so that unsigned byte order sorts by file, then offset; the partitioner hashes only the
 * file-name part. Intermediate value: the line.
 */
public class Grep implements JobDefinition {
    static final String PATTERN = "pattern";
    private static final int OFFSET_BYTES = Long.BYTES;

    public Grep() {
    }

    @Override
    public Job define(Map<String, String> params) {
        requiredPattern(params);
        return Job.builder()
                .mapper(MatchMapper::new)
                .reducer(MatchReducer::new)
                .mapOutput(Serdes.text(), Serdes.text())
                .partitioner(BY_FILE)
                .build();
    }

    static Pattern requiredPattern(Map<String, String> params) {
        String regex = params.get(PATTERN);
        if (regex == null) {
            throw new IllegalArgumentException("job parameter '" + PATTERN + "' is required");
        }
        return Pattern.compile(regex);
    }

    /** Sends all matches of one file name to one partition. */
    static final Partitioner<Text> BY_FILE = (key, bytes, offset, length, partitions) ->
            Math.floorMod(Partitioner.hash(bytes, offset, length - OFFSET_BYTES - 1), partitions);

    /** Emits {@code (file NUL offset, line)} for every matching line. */
    static final class MatchMapper implements Mapper<MutableLong, Text, Text, Text> {
        private final Text key = new Text();
        private Matcher matcher;
        private byte[] keyBytes;
        private int nameLength;

        @Override
        public void setup(TaskContext context) {
            matcher = requiredPattern(context.params()).matcher("");
            byte[] name = Path.of(context.split().path()).getFileName().toString().getBytes(StandardCharsets.UTF_8);
            nameLength = name.length;
            keyBytes = Arrays.copyOf(name, nameLength + 1 + OFFSET_BYTES);
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, Text> out) throws IOException {
            if (matcher.reset(line.toString()).find()) {
                long value = offset.get();
                for (int i = 0; i < OFFSET_BYTES; i++) {
                    keyBytes[keyBytes.length - 1 - i] = (byte) (value >>> (8 * i));
                }
                out.emit(key.wrap(keyBytes, 0, keyBytes.length), line);
            }
        }
    }

    /** Writes {@code file:offset<TAB>line} for every matching line. */
    static final class MatchReducer implements Reducer<Text, Text, Text, Text> {
        private final Text location = new Text();

        @Override
        public void reduce(Text key, Iterable<Text> lines, Emitter<Text, Text> out) throws IOException {
            location.set(decode(key));
            for (Text line : lines) {
                out.emit(location, line);
            }
        }

        static String decode(Text key) {
            byte[] bytes = key.bytes();
            int nameLength = key.length() - OFFSET_BYTES - 1;
            long offset = 0;
            for (int i = 0; i < OFFSET_BYTES; i++) {
                offset = (offset << 8) | (bytes[key.offset() + nameLength + 1 + i] & 0xff);
            }
            return new String(bytes, key.offset(), nameLength, StandardCharsets.UTF_8) + ":" + offset;
        }
    }
}
